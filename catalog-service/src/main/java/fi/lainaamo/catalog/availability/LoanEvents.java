package fi.lainaamo.catalog.availability;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldQueueChanged;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Loan-service's hold-queue-changed events give the "holds waiting" of the availability read model; the other loan
 * and hold events are recorded and otherwise ignored (seats come from license-service). Idempotent like
 * {@link LicenceEvents}: processed-event log plus the event's version.
 */
@ApplicationScoped
public class LoanEvents {

    @Inject
    ProcessedEvents processed;

    @Inject
    AvailabilityService availability;

    @Incoming("loan-events")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        ReceivedEvent event = ReceivedEvent.from(record);
        if (!processed.firstDelivery(event)) {
            return;
        }
        if (EventTypes.HOLD_QUEUE_CHANGED.equals(event.type())) {
            availability.holdsChanged(processed.data(event, HoldQueueChanged.class));
        }
    }
}
