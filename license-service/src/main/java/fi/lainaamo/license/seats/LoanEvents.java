package fi.lainaamo.license.seats;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldCancelled;
import fi.lainaamo.events.HoldExpired;
import fi.lainaamo.events.HoldQueueChanged;
import fi.lainaamo.events.LoanExpired;
import fi.lainaamo.events.LoanReturned;
import fi.lainaamo.license.acquisitions.RepurchaseSignals;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Loan events drive seats: a started loan confirms its seat; a returned or expired loan, and a cancelled or expired
 * hold, release theirs; hold-queue changes feed the re-purchase signal. Idempotent through the
 * processed-event log; a failure is thrown, so the record is not acknowledged and is delivered again.
 */
@ApplicationScoped
public class LoanEvents {

    private static final Logger LOG = Logger.getLogger(LoanEvents.class);

    @Inject
    ProcessedEvents processed;

    @Inject
    SeatService seats;

    @Inject
    RepurchaseSignals repurchase;

    @Incoming("loan-events")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        ReceivedEvent event = ReceivedEvent.from(record);
        if (!processed.firstDelivery(event)) {
            return;
        }
        switch (event.type()) {
            case EventTypes.LOAN_STARTED -> {
                LoanStarted started = processed.data(event, LoanStarted.class);
                Seat seat = Seat.findById(started.loanId());
                if (seat != null && seat.isHeld()) {
                    seats.confirm(started.loanId());
                } else if (seat != null) {
                    // already swept or released: retrying cannot help, so it is logged rather than redelivered forever
                    LOG.warnf("loan %s started after its seat was released", started.loanId());
                }
            }
            case EventTypes.LOAN_RETURNED -> seats.release(processed.data(event, LoanReturned.class).loanId(), "loan-returned");
            case EventTypes.LOAN_EXPIRED -> seats.release(processed.data(event, LoanExpired.class).loanId(), "loan-expired");
            case EventTypes.HOLD_CANCELLED -> seats.release(processed.data(event, HoldCancelled.class).holdId(), "hold-cancelled");
            case EventTypes.HOLD_EXPIRED -> seats.release(processed.data(event, HoldExpired.class).holdId(), "hold-expired");
            case EventTypes.HOLD_QUEUE_CHANGED -> repurchase.queueChanged(processed.data(event, HoldQueueChanged.class));
            default -> {
                // other loan events do not concern seats
            }
        }
    }
}
