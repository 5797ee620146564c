package fi.lainaamo.patron.webhooks;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * Partner library systems register URLs where Lainaamo POSTs the events they subscribed to, signed per the Standard
 * Webhooks spec, instead of polling. An app (client credentials, scope webhooks:manage) manages its own endpoints; the
 * consortium admin sees all of them, including the ones disabled after repeated failure.
 */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@RolesAllowed({Roles.PARTNER_APP, Roles.CONSORTIUM_ADMIN})
public class WebhookResource {

    private static final String NOT_FOUND = "webhook-not-found: no such endpoint, or another app's";

    @Inject
    Webhooks webhooks;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerWebhook", summary = "Register a webhook endpoint",
            description = "Partner apps with the scope webhooks:manage. The URL must be https and must not resolve to a private, loopback or "
                    + "link-local address. Each event type needs a scope: publication.* catalogue:read; loan.* and hold.* "
                    + "loans:read-own-library (the app's own library's patrons only, pseudonymous); licence.* licences:read. "
                    + "The answer carries the signing secret (whsec_...), shown this once.")
    @APIResponse(responseCode = "201", description = "The endpoint and its secret", content = @Content(schema = @Schema(implementation = RegisteredWebhookEndpoint.class)))
    @APIResponse(responseCode = "400", description = "The URL is refused: invalid-url, https-required, unknown-host or private-address; or invalid input",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "scope-required (webhooks:manage), webhook-app-only (an admin registers none), or "
            + "event-type-not-allowed (a type the app's scopes do not cover)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "too-many-webhooks", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "unknown-event-type", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@Valid @NotNull NewWebhookEndpoint endpoint) {
        return Response.status(201).entity(webhooks.register(endpoint)).header("Cache-Control", "no-store").build();
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "The webhook endpoints",
            description = "An app: its own. The consortium admin: every app's (narrow with clientId), e.g. status=disabled for the ones "
                    + "disabled after repeated failure. Oldest first.")
    @APIResponse(responseCode = "200", description = "The endpoints",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = WebhookEndpointView.class)))
    @APIResponse(responseCode = "400", description = "invalid-request: unknown status", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "scope-required", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<WebhookEndpointView> list(
            @QueryParam("status") @Size(max = 20) @Parameter(description = "enabled or disabled", schema = @Schema(enumeration = {"enabled", "disabled"})) String status,
            @QueryParam("clientId") @Size(max = 100) @Parameter(description = "Consortium admin only: one app's endpoints") String clientId) {
        return webhooks.list(status, clientId);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWebhook", summary = "One webhook endpoint (never its secret)")
    @APIResponse(responseCode = "200", description = "The endpoint", content = @Content(schema = @Schema(implementation = WebhookEndpointView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public WebhookEndpointView get(@PathParam("id") UUID id) {
        return webhooks.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeWebhook", summary = "Change a webhook endpoint, or enable or disable it",
            description = "Omitted fields stay. enabled=true re-enables an endpoint disabled after repeated failure: its failure count "
                    + "starts again and the deliveries still waiting go at once (replay the ones that died).")
    @APIResponse(responseCode = "200", description = "The endpoint", content = @Content(schema = @Schema(implementation = WebhookEndpointView.class)))
    @APIResponse(responseCode = "400", description = "The URL is refused (as at registration)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "event-type-not-allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "unknown-event-type", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public WebhookEndpointView change(@PathParam("id") UUID id, @Valid @NotNull WebhookEndpointChange change) {
        return webhooks.change(id, change);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Remove a webhook endpoint and its delivery log")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@PathParam("id") UUID id) {
        webhooks.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(operationId = "rotateWebhookSecret", summary = "Give the endpoint a new signing secret",
            description = "Answers the new secret (shown this once). Every send from now on, retries included, is signed with it and, "
                    + "for 24 hours, also with the previous secret (two v1 signatures in webhook-signature), so the receiver can switch "
                    + "without missing a delivery.")
    @APIResponse(responseCode = "200", description = "The endpoint and its new secret", content = @Content(schema = @Schema(implementation = RegisteredWebhookEndpoint.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response rotateSecret(@PathParam("id") UUID id) {
        return Response.ok(webhooks.rotateSecret(id)).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "The endpoint's delivery log, newest first",
            description = "Each event given to the endpoint: its id (the webhook-id header), type, attempts, status (pending, failed = "
                    + "waiting for a retry, sent, dead = gave up), the last response code and the next attempt. Kept for 7 days. "
                    + "Page with after = the next of the previous page.")
    @APIResponse(responseCode = "200", description = "A page of the log", content = @Content(schema = @Schema(implementation = DeliveryView.Page.class)))
    @APIResponse(responseCode = "400", description = "invalid-request: limit outside 1..100 or an unknown cursor (invalid-cursor)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeliveryView.Page deliveries(@PathParam("id") UUID id,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) @Parameter(description = "Page size, 1 to 100") int limit,
            @QueryParam("after") @Size(max = 20) @Parameter(description = "Continue after this position (the next of the previous page)") String after) {
        return webhooks.deliveries(id, limit, after);
    }

    @POST
    @Path("/{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replayWebhookDeliveries", summary = "Send the events of a time range again",
            description = "The events the endpoint was given that occurred in [from, to) and were sent or gave up are queued again, in their "
                    + "order, with their original webhook-id (a receiver that drops duplicates by id must forget the range first). "
                    + "Only the last 7 days are kept.")
    @APIResponse(responseCode = "200", description = "How many were queued", content = @Content(schema = @Schema(implementation = ReplayRequest.Result.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "invalid-range: from is not before to", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReplayRequest.Result replay(@PathParam("id") UUID id, @Valid @NotNull ReplayRequest range) {
        return webhooks.replay(id, range);
    }
}
