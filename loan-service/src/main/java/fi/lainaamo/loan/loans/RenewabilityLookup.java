package fi.lainaamo.loan.loans;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** patron-service asking which loans its due-date notices may offer to renew. */
@Schema(description = "Loan ids to check")
public record RenewabilityLookup(
        @Schema(description = "1 to " + LoanService.MAX_RENEWABILITY_IDS + " loan ids; a repeated id is answered once",
                minItems = 1, maxItems = LoanService.MAX_RENEWABILITY_IDS, required = true) List<UUID> loanIds) {
}
