package fi.lainaamo.loan.gdpr;

import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.loan.holds.HoldView;
import fi.lainaamo.loan.loans.LoanService;
import fi.lainaamo.loan.loans.LoanView;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Everything loan-service holds about one patron, for patron-service's GDPR export (service-to-service only). */
@Path("/v1/gdpr/patrons")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
@Tag(name = "GDPR")
public class GdprResource {

    @Inject
    LoanService loans;

    @Inject
    HoldService holds;

    @Context
    HttpHeaders headers;

    /** The patron's part of a GDPR export. */
    public record Export(UUID patronId, List<LoanView> loans, List<HoldView> holds, List<LoanView> history) {
    }

    @GET
    @Path("/{patronId}")
    @Transactional
    @Operation(operationId = "exportPatronLoans", summary = "Export a patron's loans, holds and loan history", description = "For patron-service's GDPR export: "
            + "current loans, every hold (open and ended) and the finished loans still linked to the patron. Service role only.")
    public Export export(@PathParam("patronId") UUID patronId) {
        List<LoanView> all = loans.ofPatron(patronId, false);
        return new Export(patronId,
                all.stream().filter(l -> "active".equals(l.state())).toList(),
                holds.ofPatron(patronId, false, Messages.locale(headers)),
                all.stream().filter(l -> !"active".equals(l.state())).toList());
    }
}
