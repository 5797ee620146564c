package fi.lainaamo.patron.notifications;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The signed-in patron's Web Push subscriptions: an app registers the browser's subscription and removes it. */
@Path("/v1/me/push-subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class PushSubscriptionResource {

    @Inject
    PushSubscriptions subscriptions;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed(Roles.PATRON)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "subscribeToPush", summary = "Register the browser's Web Push subscription",
            description = "The body is PushSubscription.toJSON() of a subscription made with the applicationServerKey from "
                    + "GET /v1/push/vapid-public-key. Idempotent on the endpoint: the same subscription again answers 200 with the "
                    + "same id (its keys updated); a subscription another patron registered before on the same browser is taken "
                    + "over. The endpoint must be https and not in a private address range.")
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = PushSubscriptionView.class)))
    @APIResponse(responseCode = "200", description = "Already registered", content = @Content(schema = @Schema(implementation = PushSubscriptionView.class)))
    @APIResponse(responseCode = "400", description = "invalid-request: endpoint (invalid-url, https-required, unknown-host, "
            + "private-address), keys.p256dh (invalid-push-key), keys.auth (invalid-push-auth)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "too-many-push-subscriptions: remove one first",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response subscribe(@Valid @NotNull NewPushSubscription subscription) {
        PushSubscriptions.Subscribed done = subscriptions.subscribe(caller.patronId(), subscription);
        return done.created()
                ? Response.created(URI.create("/v1/me/push-subscriptions/" + done.view().id())).entity(done.view()).build()
                : Response.ok(done.view()).build();
    }

    @GET
    @RolesAllowed(Roles.PATRON)
    @Operation(operationId = "listMyPushSubscriptions", summary = "The patron's Web Push subscriptions",
            description = "Oldest first; each endpoint only by its origin.")
    @APIResponse(responseCode = "200", description = "The subscriptions",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PushSubscriptionView.class)))
    public List<PushSubscriptionView> list() {
        return subscriptions.list(caller.patronId());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.PATRON)
    @Operation(operationId = "unsubscribeFromPush", summary = "Remove one of the patron's Web Push subscriptions",
            description = "Pushes not yet sent to it are skipped. Another patron's subscription answers 404 like an unknown one.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "push-subscription-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void remove(@PathParam("id") UUID id) {
        subscriptions.remove(caller.patronId(), id);
    }
}
