package fi.lainaamo.loan.loans;

import java.time.Instant;
import java.util.UUID;

/** A loan as the patron's app shows it. */
public record LoanView(UUID id, UUID publicationId, String state, Instant startedAt, Instant dueAt, Instant returnedAt) {

    static LoanView of(Loan loan) {
        return new LoanView(loan.id, loan.publicationId, loan.state.name().toLowerCase(), loan.startedAt, loan.dueAt, loan.returnedAt);
    }
}
