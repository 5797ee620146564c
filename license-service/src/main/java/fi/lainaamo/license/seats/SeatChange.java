package fi.lainaamo.license.seats;

import java.time.Instant;
import java.util.UUID;

/**
 * A seat change a loan event asks for, as {@link SeatService#applyAll} takes a poll's worth of them: a loan started
 * (its seat confirmed, or the grant it was lent from made its seat), a seat given back for a reason (a loan returned or
 * expired, a hold cancelled or expired), or a grant loan-service gave back unused. The publication is the one the event
 * names; the municipality and due date only matter to a started loan.
 */
public record SeatChange(Kind kind, UUID holderId, UUID publicationId, String reason, String municipality, Instant loanUntil) {

    public enum Kind { LOAN_STARTED, RELEASE, GRANT_RETURNED }

    public static SeatChange loanStarted(UUID loanId, UUID publicationId, String municipality, Instant loanUntil) {
        return new SeatChange(Kind.LOAN_STARTED, loanId, publicationId, null, municipality, loanUntil);
    }

    public static SeatChange release(UUID holderId, UUID publicationId, String reason) {
        return new SeatChange(Kind.RELEASE, holderId, publicationId, reason, null, null);
    }

    public static SeatChange grantReturned(UUID grantId, UUID publicationId) {
        return new SeatChange(Kind.GRANT_RETURNED, grantId, publicationId, null, null, null);
    }
}
