package fi.lainaamo.loan.loans;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A loan as the patron's app shows it; a loan past its due date shows as expired even before the sweep ends it. */
public record LoanView(UUID id, UUID publicationId, String state, Instant startedAt, Instant dueAt, @Schema(nullable = true) Instant returnedAt,
                       int renewals) {

    public static LoanView of(Loan loan) {
        String state = loan.state == Loan.State.ACTIVE && !loan.isActiveAt(Instant.now()) ? "expired" : loan.state.name().toLowerCase();
        return new LoanView(loan.id, loan.publicationId, state, loan.startedAt, loan.dueAt, loan.returnedAt, loan.renewals);
    }
}
