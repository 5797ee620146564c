package fi.lainaamo.catalog.availability;

/**
 * How long a patron placing a hold now would wait, in days. The rule: with a copy free, no wait. Otherwise the new
 * hold is number {@code holdsWaiting + 1} in the queue and each copy serves one patron per loan period; the copies
 * lent now are on average half-way through theirs. So the wait is half a loan for the first round plus a full loan
 * for every further round of {@code copiesTotal} patrons. A title with no copies at all has no estimate (null).
 */
public final class EstimatedWait {

    private EstimatedWait() {
    }

    public static Integer days(int copiesTotal, int copiesFree, int holdsWaiting, int averageLoanDays) {
        if (copiesFree > 0 && holdsWaiting == 0) {
            return 0;
        }
        if (copiesTotal <= 0) {
            return null;
        }
        int position = Math.max(0, holdsWaiting) + 1;
        int rounds = (position + copiesTotal - 1) / copiesTotal;
        double days = averageLoanDays / 2.0 + (rounds - 1) * (double) averageLoanDays;
        return (int) Math.ceil(days);
    }
}
