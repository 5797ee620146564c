package fi.lainaamo.loan.loans;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** Whether loans could be renewed now, and if not why: for notices that offer a renew link only when it would work. */
@Schema(description = "Whether each loan asked about could be renewed now")
public record Renewability(List<Loan> loans) {

    /** One loan: renewable, or the reasons a renewal would be refused (the codes of renew-refused, or loan-not-active). */
    @Schema(name = "LoanRenewability")
    public record Loan(UUID loanId, boolean renewable,
                       @Schema(description = "Empty when renewable; else e.g. renew-people-waiting, renewal-limit-reached, "
                               + "distributor-renewal-not-offered, loan-not-active (ended, or never known)") List<String> reasons) {
    }
}
