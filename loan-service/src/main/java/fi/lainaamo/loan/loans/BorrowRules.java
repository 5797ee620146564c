package fi.lainaamo.loan.loans;

import fi.lainaamo.platform.problem.ProblemException.Violation;

import java.util.ArrayList;
import java.util.List;

/** Which of loan-service's own borrowing rules fail, as plain Java: the borrow and the dry-run share them. */
public final class BorrowRules {

    private BorrowRules() {
    }

    /**
     * Everything loan-service knows when a patron asks to borrow a title.
     *
     * @param othersWaitingFirst  someone else (ready, or waiting and not suspended) is ahead of the patron in the queue
     * @param knownNoFreeCopy     license-service's last availability said every copy is taken
     * @param knownNoLicenceLeft  license-service's last availability said no licence can lend the title any more (no
     *                            seats at all, none held): expired, used up or withdrawn, so a hold would not help
     */
    public record Facts(boolean blocked, boolean libraryMember, long activeLoans, int loanLimit, boolean alreadyOnLoan,
                        boolean othersWaitingFirst, boolean ownHoldReady, int queueLength, boolean knownNoFreeCopy,
                        boolean knownNoLicenceLeft) {
    }

    /** The rules loan-service decides alone, every failing one. */
    public static List<Violation> ownRules(Facts facts) {
        List<Violation> reasons = new ArrayList<>();
        if (facts.blocked()) {
            reasons.add(Violation.of("patron-blocked"));
        }
        if (!facts.libraryMember()) {
            reasons.add(Violation.of("library-not-member"));
        }
        if (facts.alreadyOnLoan()) {
            reasons.add(Violation.of("already-on-loan"));
        }
        if (facts.activeLoans() >= facts.loanLimit()) {
            reasons.add(Violation.of("loan-limit-reached", facts.loanLimit()));
        }
        if (facts.othersWaitingFirst() && !facts.ownHoldReady()) {
            reasons.add(Violation.of("people-waiting", facts.queueLength()));
        }
        return reasons;
    }

    /**
     * Every reason, with what the availability read model says about copies added: used when loan-service does not ask
     * license-service (the dry-run, and a borrow that its own rules already refuse). "No licence left" and "no free
     * copy" are told apart the way license-service's seat refusal and the hold refusal tell them apart: only the
     * second invites a hold, so it is said only while a licence could still lend the title.
     */
    public static List<Violation> withKnownAvailability(Facts facts) {
        List<Violation> reasons = ownRules(facts);
        if (facts.knownNoLicenceLeft()) {
            reasons.add(Violation.of("no-licence-left"));
        } else if (facts.knownNoFreeCopy() && !facts.ownHoldReady() && !facts.othersWaitingFirst()) {
            reasons.add(Violation.of("no-free-copy"));
        }
        return reasons;
    }
}
