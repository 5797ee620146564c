package fi.lainaamo.loan.loans;

import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.loan.holds.SeatOffers;
import fi.lainaamo.loan.policy.LendingPolicy;
import fi.lainaamo.loan.seats.Seats;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Time-driven lending: borrows a crash left pending fail and their seats go back, loans end at their due date, ready
 * holds past their window expire, free seats the queue has not taken yet (a suspension ended) are offered again (on
 * the offers' own workers), finished loans become anonymous, failed borrows are forgotten. Each step is its own
 * transaction and safe on several instances at once; seats are given back outside any transaction.
 */
@ApplicationScoped
public class Sweeps {

    private static final Logger LOG = Logger.getLogger(Sweeps.class);

    @Inject
    LoanService loans;

    @Inject
    HoldService holds;

    @Inject
    SeatOffers offers;

    @Inject
    LendingPolicy policy;

    @Inject
    Seats seats;

    /**
     * A borrow still pending after this long was left by a crash between its steps (the seat request itself gives up
     * after its connect and read timeouts, seconds): it fails and its seat goes back. Far shorter than
     * license-service's confirm window (5 minutes), so license-service then finds it ended and releases the seat too.
     */
    @ConfigProperty(name = "lainaamo.borrows.pending-timeout", defaultValue = "2m")
    Duration pendingBorrowTimeout;

    @Scheduled(every = "${lainaamo.sweep.interval:30s}", delayed = "${lainaamo.sweep.delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            run(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("lending sweep will retry: %s", e.getMessage());
        }
    }

    /** One pass of every time-driven step, as of {@code now} (tests pass a later time instead of waiting). */
    public void run(Instant now) {
        failPendingBorrows(now);
        while (loans.expireDue(now, 200) == 200) {
            // a full batch: more may be due
        }
        for (UUID title : holds.titlesWithReadyHoldsPast(now)) {
            holds.expireReady(title, now);
        }
        for (UUID title : holds.titlesWithUnofferedSeats()) {
            offers.offerSoon(title);
        }
        loans.anonymiseFinished(now.minus(Duration.ofDays(policy.finishedLoanKeptDays())));
        loans.forgetFailed(now.minus(Duration.ofDays(policy.finishedLoanKeptDays())));
    }

    /** Borrows pending past the timeout fail; a seat license-service may have taken for one is given back at once. */
    void failPendingBorrows(Instant now) {
        List<UUID> failed;
        do {
            failed = loans.failPending(now.minus(pendingBorrowTimeout), 200);
            for (UUID loanId : failed) {
                LOG.warnf("borrow %s was left pending (a crash between its steps?): failed, its seat is given back", loanId);
                seats.release(loanId);
            }
        } while (failed.size() == 200);
    }
}
