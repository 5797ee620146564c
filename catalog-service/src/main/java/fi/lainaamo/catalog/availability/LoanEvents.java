package fi.lainaamo.catalog.availability;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldQueueChanged;
import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Loan-service's hold-queue-changed events give the "holds waiting" of the availability read model; the other loan
 * and hold events are recorded and otherwise ignored (seats come from license-service). Idempotent like
 * {@link LicenceEvents}: processed-event log plus the event's version.
 */
@ApplicationScoped
public class LoanEvents implements EventHandler {

    @Inject
    ProcessedEvents processed;

    @Inject
    AvailabilityService availability;

    @Inject
    EventIntake intake;

    /** A poll's worth in one transaction (a transaction per event was most of this consumer's cost at many loans a second). */
    @Incoming("loan-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        intake.acceptAll(this, records);
    }

    @Override
    public String channel() {
        return "loan-events";
    }

    @Override
    public boolean handles(String type) {
        return EventTypes.HOLD_QUEUE_CHANGED.equals(type);
    }

    @Override
    public void apply(ReceivedEvent event) {
        availability.holdsChanged(processed.data(event, HoldQueueChanged.class));
    }
}
