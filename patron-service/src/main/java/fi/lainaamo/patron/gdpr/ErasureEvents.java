package fi.lainaamo.patron.gdpr;

import fi.lainaamo.events.ErasureConfirmed;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Services confirm erasures on their own topics; patron-service records each confirmation. Idempotent through the
 * processed-event log; a failure is thrown, so the record is not acknowledged and comes again.
 */
@ApplicationScoped
public class ErasureEvents {

    @Inject
    ProcessedEvents processed;

    @Inject
    Erasures erasures;

    @Incoming("loan-events")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        ReceivedEvent event = ReceivedEvent.from(record);
        if (!EventTypes.ERASURE_CONFIRMED.equals(event.type()) || !processed.firstDelivery(event)) {
            return; // loan and hold events are none of patron-service's business
        }
        ErasureConfirmed confirmed = processed.data(event, ErasureConfirmed.class);
        erasures.confirmed(confirmed.erasureId(), confirmed.service(), confirmed.at());
    }
}
