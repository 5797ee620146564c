package fi.lainaamo.loan.shelf;

import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.loan.holds.HoldView;
import fi.lainaamo.loan.loans.LoanService;
import fi.lainaamo.loan.loans.LoanView;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The patron's shelf as JSON: current loans and open holds. */
@Path("/v1/shelf")
@RolesAllowed(Roles.PATRON)
@Tag(name = "Shelf")
public class ShelfResource {

    @Inject
    LoanService loans;

    @Inject
    HoldService holds;

    @Inject
    Caller caller;

    @Context
    HttpHeaders headers;

    /** Current loans and open holds. */
    public record Shelf(List<LoanView> loans, List<HoldView> holds) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getShelf", summary = "My shelf", description = "Current loans (due dates) and open holds (state, position, estimated wait, ready until).")
    public Shelf shelf() {
        return new Shelf(loans.ofPatron(caller.patronId(), true), holds.ofPatron(caller.patronId(), true, Messages.locale(headers)));
    }
}
