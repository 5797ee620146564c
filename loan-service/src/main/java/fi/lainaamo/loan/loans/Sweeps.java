package fi.lainaamo.loan.loans;

import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.loan.policy.LendingPolicy;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Time-driven lending: loans end at their due date, ready holds past their window expire, free seats the queue has
 * not taken yet (a suspension ended) are offered again, finished loans become anonymous, published events are
 * forgotten. Each step is its own transaction and safe on several instances at once.
 */
@ApplicationScoped
public class Sweeps {

    private static final Logger LOG = Logger.getLogger(Sweeps.class);

    @Inject
    LoanService loans;

    @Inject
    HoldService holds;

    @Inject
    LendingPolicy policy;


    @Scheduled(every = "${lainaamo.sweep.interval:30s}", delayed = "${lainaamo.sweep.delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            run(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("lending sweep will retry: %s", e.getMessage());
        }
    }

    /** One pass of every time-driven step, as of {@code now} (tests pass a later time instead of waiting). */
    public void run(Instant now) {
        while (loans.expireDue(now, 200) == 200) {
            // a full batch: more may be due
        }
        for (UUID title : holds.titlesWithReadyHoldsPast(now)) {
            holds.expireReady(title, now);
        }
        for (UUID title : holds.titlesWithUnofferedSeats()) {
            holds.offerAgain(title);
        }
        loans.anonymiseFinished(now.minus(Duration.ofDays(policy.finishedLoanKeptDays())));
    }
}
