package fi.lainaamo.platform.events;

import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Readiness for load balancers and orchestrators on the public port: only UP or DOWN. What is down and why (the
 * database, the broker, each consumer's lag and dead letters), the metrics and the full health report are on the
 * management port, which is not exposed to the internet.
 */
@Path("/ready")
@PermitAll
@Tag(name = "Operations", description = "Whether this service takes requests")
public class ReadinessResource {

    /** A load balancer asks again after this many seconds; the same as every other 503 of the services. */
    static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    SmallRyeHealthReporter health;

    /** The whole answer, on purpose. */
    @Schema(name = "Readiness")
    public record Status(@Schema(enumeration = {"UP", "DOWN"}) String status) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ready", summary = "Is this service ready", description = "The same checks as the management port's /q/health/ready "
            + "(the database and the broker each answer within 1.2 s), answered within two seconds without details.")
    @APIResponse(responseCode = "200", description = "Ready", content = @Content(schema = @Schema(implementation = Status.class)))
    @APIResponse(responseCode = "503", description = "Not ready; Retry-After says when to ask again",
            content = @Content(schema = @Schema(implementation = Status.class)))
    public Response ready() {
        if (health.getReadiness().isDown()) {
            return Response.status(503).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).entity(new Status("DOWN")).build();
        }
        return Response.ok(new Status("UP")).build();
    }
}
