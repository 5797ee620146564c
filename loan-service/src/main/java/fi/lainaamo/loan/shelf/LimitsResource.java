package fi.lainaamo.loan.shelf;

import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.loan.loans.Loan;
import fi.lainaamo.loan.patrons.PatronStanding;
import fi.lainaamo.loan.policy.LendingPolicy;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.UUID;

/** The patron's limits, so apps can say "3 of 5 loans" before the patron tries. */
@Path("/v1/me/limits")
@RolesAllowed(Roles.PATRON)
@Tag(name = "Shelf")
public class LimitsResource {

    @Inject
    LendingPolicy policy;

    @Inject
    Caller caller;

    /** What the patron has used of their limits. */
    public record Limits(int loansUsed, int loanLimit, int holdsUsed, int holdLimit, boolean blocked) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "getMyLimits", summary = "My limits", description = "Loans and holds used and allowed, and whether the patron is blocked.")
    public Limits limits() {
        UUID patron = caller.patronId();
        int active = (int) Loan.count("patronId = ?1 and state = ?2 and dueAt > ?3", patron, Loan.State.ACTIVE, Instant.now());
        return new Limits(active, policy.loanLimit(), (int) Hold.openCountOfPatron(patron), policy.holdLimit(),
                PatronStanding.isBlocked(patron));
    }
}
