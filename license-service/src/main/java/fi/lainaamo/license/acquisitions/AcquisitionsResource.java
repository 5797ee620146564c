package fi.lainaamo.license.acquisitions;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** What acquisitions staff should buy more of. */
@Path("/v1/repurchase-signals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Acquisitions")
public class AcquisitionsResource {

    @Inject
    RepurchaseSignals signals;

    @GET
    @RolesAllowed({Roles.CONSORTIUM_ADMIN, Roles.LIBRARIAN})
    @Operation(operationId = "listRepurchaseSignals", summary = "Titles to buy more of", description = "Titles whose waiting holds per seat exceed lainaamo.repurchase.ratio (default 3), most wanted per seat first. A title with people waiting and no seats at all is listed too.")
    @APIResponse(responseCode = "200", description = "The titles", content = @Content(schema = @Schema(implementation = RepurchaseSignals.Signal.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "invalid-request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<RepurchaseSignals.Signal> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return signals.current(limit);
    }
}
