package fi.lainaamo.loan.seats;

import fi.lainaamo.events.AvailabilityChanged;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * license-service's availability drives the queue: free seats (a return, an expired ready hold, new licences) go to
 * the head of the queue as ready holds at once. Idempotent through the processed-event log; a failure is thrown,
 * so the record is not acknowledged and is delivered again.
 */
@ApplicationScoped
public class LicenceEvents implements EventHandler {

    @Inject
    ProcessedEvents processed;

    @Inject
    HoldService holds;

    @Inject
    EventIntake intake;

    @Incoming("licence-events")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        intake.accept(this, record);
    }

    @Override
    public String channel() {
        return "licence-events";
    }

    @Override
    public boolean handles(String type) {
        return EventTypes.AVAILABILITY_CHANGED.equals(type);
    }

    @Override
    public void apply(ReceivedEvent event) {
        holds.availabilityChanged(processed.data(event, AvailabilityChanged.class));
    }
}
