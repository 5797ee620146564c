package fi.lainaamo.license.seats;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Settles seats nobody confirmed, and gives back seats nobody uses.
 *
 * <p>A LOAN seat still unconfirmed after {@code lainaamo.seats.confirm-within} is never released on time alone: our
 * loan-events consumer may be stopped or lagging while the loan is active. The sweep first asks loan-service what
 * became of the loans (in batches of {@link SeatHolders#BATCH}): an active loan's seat is confirmed (healing a stalled
 * consumer); an ended loan's seat, and a seat whose loan loan-service never committed (its borrow failed after the seat
 * was taken), are released; when loan-service cannot answer, nothing is released and the next sweep asks again. So a
 * seat is never released while its loan is active, whatever stops or lags.
 *
 * <p>"Never committed" is final: loan-service commits a borrow's pending loan before it asks for the seat, and answers
 * a pending loan as pending (kept); a loan id it does not know never had a borrow that could still become a loan.
 *
 * <p>A HOLD seat past {@code heldUntil} is released without asking. loan-service chose that instant as the end of the
 * hold's ready window and its borrow path stops lending the kept copy at the same instant; a hold that became a loan
 * no longer has a HOLD seat (lending moved it to the loan's id). Should loan-service still try to lend it (clocks
 * apart, its own expiry sweep late), {@code POST /v1/seats/{holdId}/lend} on the released seat answers 409
 * seat-released and takes no seat, so releasing can never lead past a licence's concurrency.
 */
@ApplicationScoped
public class UnconfirmedSeats {

    private static final Logger LOG = Logger.getLogger(UnconfirmedSeats.class);

    @Inject
    SeatService seats;

    @Inject
    SeatHolders holders;

    @ConfigProperty(name = "lainaamo.seats.confirm-within")
    Duration confirmWithin;

    @Scheduled(every = "${lainaamo.seats.sweep-every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        sweep(Instant.now());
    }

    void sweep(Instant now) {
        settleUnconfirmed(now.minus(confirmWithin));
        for (UUID hold : seats.holdsDue(now)) {
            if (seats.release(hold, "hold-time-ran-out")) {
                LOG.infof("released hold seat %s: its time ran out", hold);
            }
        }
    }

    private void settleUnconfirmed(Instant cutoff) {
        List<UUID> unconfirmed = seats.unconfirmedSince(cutoff);
        for (int from = 0; from < unconfirmed.size(); from += SeatHolders.BATCH) {
            List<UUID> batch = unconfirmed.subList(from, Math.min(unconfirmed.size(), from + SeatHolders.BATCH));
            Optional<Map<UUID, LoanServiceClient.Holder>> fates = holders.fates(batch);
            if (fates.isEmpty()) {
                LOG.warnf("kept %d unconfirmed loan seats: loan-service cannot say whether their loans are active; "
                        + "the next sweep asks again", unconfirmed.size() - from);
                return;
            }
            for (UUID holder : batch) {
                settle(holder, fates.get().get(holder));
            }
        }
    }

    private void settle(UUID holder, LoanServiceClient.Holder fate) {
        if (fate == null) {
            LOG.warnf("kept unconfirmed seat %s: loan-service's answer left it out", holder);
        } else if (fate.activeLoan()) {
            if (seats.confirmReserved(holder)) {
                LOG.infof("confirmed seat %s: loan-service has its loan active though no loan.started was seen yet", holder);
            }
        } else if (fate.endedLoan()) {
            if (seats.releaseUnconfirmed(holder, "loan-ended")) {
                LOG.infof("released seat %s: its loan has ended though no loan event was seen", holder);
            }
        } else if (fate.unknown()) {
            if (seats.releaseUnconfirmed(holder, "never-confirmed")) {
                LOG.infof("released seat %s: loan-service committed no loan for it within %s", holder, confirmWithin);
            }
        } else {
            LOG.warnf("kept unconfirmed seat %s: loan-service knows it as %s %s, not as a loan", holder, fate.kind(), fate.state());
        }
    }
}
