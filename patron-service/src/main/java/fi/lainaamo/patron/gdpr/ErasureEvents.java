package fi.lainaamo.patron.gdpr;

import fi.lainaamo.events.ErasureConfirmed;
import fi.lainaamo.events.EventTypes;
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
 * Services confirm erasures on their own topics; patron-service records each confirmation. Idempotent through the
 * processed-event log; a failure is thrown, so the record is not acknowledged and comes again.
 */
@ApplicationScoped
public class ErasureEvents implements EventHandler {

    @Inject
    ProcessedEvents processed;

    @Inject
    Erasures erasures;

    @Inject
    EventIntake intake;

    @Incoming("loan-events")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        intake.accept(this, record);
    }

    @Override
    public String channel() {
        return "loan-events";
    }

    @Override
    public boolean handles(String type) {
        return EventTypes.ERASURE_CONFIRMED.equals(type); // loan and hold events are none of patron-service's business
    }

    @Override
    public void apply(ReceivedEvent event) {
        ErasureConfirmed confirmed = processed.data(event, ErasureConfirmed.class);
        erasures.confirmed(confirmed.erasureId(), confirmed.service(), confirmed.at());
    }
}
