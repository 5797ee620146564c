package fi.lainaamo.loan.holds;

/**
 * How long a patron will probably wait: each copy serves the queue one loan after another, so position p with s
 * copies waits about ceil(p / s) average loans.
 */
public final class WaitEstimate {

    private WaitEstimate() {
    }

    /**
     * @param position       1-based place in the queue (0 or less: nothing to wait)
     * @param seats          copies licensed for the title (unknown or 0 counts as 1)
     * @param averageLoanDays how long loans of this title last on average (the policy's loan length when unknown)
     * @return whole days, rounded up
     */
    public static int days(int position, Integer seats, double averageLoanDays) {
        if (position <= 0) {
            return 0;
        }
        int copies = seats == null || seats < 1 ? 1 : seats;
        int rounds = (position + copies - 1) / copies;
        return (int) Math.ceil(rounds * averageLoanDays);
    }
}
