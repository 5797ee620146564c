package fi.lainaamo.license.checkouts;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.license.seats.SeatService;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Set;

/**
 * Where distributors tell us a loan changed on their side (ODL 1.0 notification_url). The unguessable token in the
 * path names one checkout and is the only permission; a loan the distributor ended gives its seat back, and
 * loan-service ends the loan when it sees the release.
 */
@Path("/v1/distributor-notifications")
@PermitAll
@Tag(name = "Distributors", description = "Called by distributors (ODL 1.0)")
public class NotificationResource {

    private static final Set<String> ENDED = Set.of("returned", "revoked", "expired", "cancelled");

    @Inject
    SeatService seats;

    @POST
    @Path("/{token}")
    @Consumes({"application/vnd.readium.license.status.v1.0+json", "application/json"})
    @Operation(operationId = "receiveDistributorNotification", summary = "A distributor's loan status changed", description = "Body: the loan status document (at least id and "
            + "status). returned, revoked, expired and cancelled end our loan and give its seat back; other statuses are "
            + "acknowledged. Idempotent: the same notification again changes nothing. 204 on success, as ODL asks.")
    @APIResponse(responseCode = "204", description = "Applied")
    @APIResponse(responseCode = "400", description = "invalid-request: no status",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown-notification: no checkout has this token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(required = true, description = "The loan's License Status Document as the distributor sends it (at least id and status)",
            content = {@Content(mediaType = "application/vnd.readium.license.status.v1.0+json", schema = @Schema(type = SchemaType.OBJECT)),
                    @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT))})
    public Response notified(@PathParam("token") @Size(max = 100) String token, @NotNull JsonNode status) {
        String state = status.path("status").asText("");
        if (state.isBlank()) {
            throw new ProblemException(400, "invalid-request", java.util.List.of(
                    new ProblemException.Violation("invalid-field", "status", "status")));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Checkout checkout = Checkout.byNotificationToken(token)
                    .orElseThrow(() -> ProblemException.notFound("unknown-notification"));
            if (ENDED.contains(state) && (Checkout.ACTIVE.equals(checkout.state) || Checkout.PENDING.equals(checkout.state))) {
                checkout.state = Checkout.ENDED; // nothing to return: the distributor ended it
                checkout.updatedAt = Instant.now();
                seats.release(checkout.holderId, "distributor-" + state);
            }
        });
        return Response.noContent().build();
    }
}
