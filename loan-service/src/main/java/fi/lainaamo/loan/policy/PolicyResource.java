package fi.lainaamo.loan.policy;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The lending policy, so apps can tell patrons the rules before they borrow. */
@Path("/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy")
public class PolicyResource {

    @Inject
    LendingPolicy policy;

    /** The policy as apps read it. */
    public record PolicyView(int loanDays, int loanLimit, int holdLimit, int readyWindowDays, int renewalLimit) {
    }

    @GET
    @PermitAll
    @Operation(operationId = "getLendingPolicy", summary = "Read the lending policy", description = "Loan length in days (never beyond a licence's own maximum), "
            + "active loans and open holds a patron may have, days a ready hold is kept, and renewals allowed per loan.")
    public PolicyView get() {
        return new PolicyView(policy.loanDays(), policy.loanLimit(), policy.holdLimit(), policy.readyWindowDays(), policy.renewalLimit());
    }
}
