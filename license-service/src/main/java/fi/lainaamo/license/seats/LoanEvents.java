package fi.lainaamo.license.seats;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LoanReturned;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Loan events drive seats: a started loan confirms its seat, a returned one releases it. Idempotent through the
 * processed-event log; a failure is thrown, so the record is not acknowledged and is delivered again.
 */
@ApplicationScoped
public class LoanEvents {

    @Inject
    ProcessedEvents processed;

    @Inject
    SeatService seats;

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
                if (Seat.findById(started.loanId()) != null) {
                    seats.confirm(started.loanId());
                }
            }
            case EventTypes.LOAN_RETURNED -> seats.release(processed.data(event, LoanReturned.class).loanId(), "loan-returned");
            default -> {
                // other loan events do not concern seats
            }
        }
    }
}
