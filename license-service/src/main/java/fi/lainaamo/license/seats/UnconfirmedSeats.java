package fi.lainaamo.license.seats;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Gives back seats nobody uses: LOAN seats that no loan confirmed in time (loan-service failed between taking the
 * seat and committing), and HOLD seats whose ready hold ran out (loan-service's hold.expired event may be late).
 */
@ApplicationScoped
public class UnconfirmedSeats {

    private static final Logger LOG = Logger.getLogger(UnconfirmedSeats.class);

    @Inject
    SeatService seats;

    @ConfigProperty(name = "lainaamo.seats.confirm-within")
    Duration confirmWithin;

    @Scheduled(every = "${lainaamo.seats.sweep-every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        for (UUID holder : seats.unconfirmedSince(Instant.now().minus(confirmWithin))) {
            if (seats.release(holder, "never-confirmed")) {
                LOG.infof("released seat %s: no loan confirmed it within %s", holder, confirmWithin);
            }
        }
        for (UUID hold : seats.holdsDue(Instant.now())) {
            if (seats.release(hold, "hold-time-ran-out")) {
                LOG.infof("released hold seat %s: its time ran out", hold);
            }
        }
    }
}
