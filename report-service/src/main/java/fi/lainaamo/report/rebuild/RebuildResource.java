package fi.lainaamo.report.rebuild;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recomputes every report from the event topics: after a projection fix, or to prove the numbers. */
@Path("/v1/reports/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CONSORTIUM_ADMIN)
@Tag(name = "Rebuild", description = "Recompute the report tables from the topics (consortium admins)")
public class RebuildResource {

    @Inject
    Rebuild rebuild;

    @POST
    @Operation(operationId = "startReportRebuild", summary = "Rebuild the reports from the topics",
            description = "Empties the report tables and reads the loan, licence, catalogue and patron topics again from their "
                    + "first offset; live consumption waits meanwhile and goes on afterwards. Reports read during the rebuild "
                    + "show partial numbers. Follow it with GET. 409 rebuild-running while one runs.")
    @APIResponse(responseCode = "202", description = "Started", content = @Content(schema = @Schema(implementation = Rebuild.Status.class)))
    @APIResponse(responseCode = "409", description = "rebuild-running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start() {
        return Response.accepted(rebuild.start()).build();
    }

    @GET
    @Operation(operationId = "getReportRebuild", summary = "Follow the rebuild",
            description = "state never, running, done or failed; recordsDone of recordsTotal (the records on the topics when it started).")
    @APIResponse(responseCode = "200", description = "The last rebuild", content = @Content(schema = @Schema(implementation = Rebuild.Status.class)))
    public Rebuild.Status status() {
        return rebuild.status();
    }
}
