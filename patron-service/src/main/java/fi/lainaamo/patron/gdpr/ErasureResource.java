package fi.lainaamo.patron.gdpr;

import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Consortium admins follow erasures: which services have confirmed and which are still awaited. */
@Path("/v1/admin/erasures")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "GDPR")
public class ErasureResource {

    private static final int MAX = 500;

    @Inject
    Erasures erasures;

    @GET
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "listErasures", summary = "Erasures, oldest first", description = "pending=true lists only those some expected service has not yet confirmed "
            + "(lainaamo.erasure.services). At most 500.")
    public List<Erasures.ErasureStatus> list(@QueryParam("pending") @DefaultValue("false") boolean pending) {
        return erasures.list(pending, MAX);
    }
}
