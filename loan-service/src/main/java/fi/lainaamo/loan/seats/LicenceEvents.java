package fi.lainaamo.loan.seats;

import fi.lainaamo.events.AvailabilityChanged;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * license-service's availability drives the queue: free seats (a return, an expired ready hold, new licences) go to
 * the head of the queue as ready holds at once. Idempotent through the processed-event log; a failure is thrown,
 * so the record is not acknowledged and is delivered again.
 */
@ApplicationScoped
public class LicenceEvents {

    @Inject
    ProcessedEvents processed;

    @Inject
    HoldService holds;

    @Incoming("licence-events")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        ReceivedEvent event = ReceivedEvent.from(record);
        if (!EventTypes.AVAILABILITY_CHANGED.equals(event.type()) || !processed.firstDelivery(event)) {
            return;
        }
        holds.availabilityChanged(processed.data(event, AvailabilityChanged.class));
    }
}
