package fi.lainaamo.patron.events;

import fi.lainaamo.events.ErasureConfirmed;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldExpired;
import fi.lainaamo.events.HoldReady;
import fi.lainaamo.patron.gdpr.Erasures;
import fi.lainaamo.patron.notifications.Notices;
import fi.lainaamo.patron.notifications.Occasion;
import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * What patron-service takes from loan-service's topic: erasure confirmations (the erasure log) and the occasions it
 * tells patrons about (a hold ready, a hold expired unclaimed). Idempotent through the processed-event log, and the
 * notices' delivery keys besides; the effect and the log entry commit together. A failure is thrown, so the record is
 * not acknowledged and comes again.
 */
@ApplicationScoped
public class LoanEvents implements EventHandler {

    private static final Set<String> HANDLED = Set.of(EventTypes.ERASURE_CONFIRMED, EventTypes.HOLD_READY, EventTypes.HOLD_EXPIRED);

    @Inject
    ProcessedEvents processed;

    @Inject
    Erasures erasures;

    @Inject
    Notices notices;

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
        return HANDLED.contains(type); // loans and the other hold events are none of patron-service's business
    }

    @Override
    public void apply(ReceivedEvent event) {
        switch (event.type()) {
            case EventTypes.ERASURE_CONFIRMED -> {
                ErasureConfirmed confirmed = processed.data(event, ErasureConfirmed.class);
                erasures.confirmed(confirmed.erasureId(), confirmed.service(), confirmed.at());
            }
            case EventTypes.HOLD_READY -> {
                HoldReady ready = processed.data(event, HoldReady.class);
                notices.occurred(Occasion.HOLD_READY, ready.patronId(), ready.holdId(), ready.publicationId(), ready.readyUntil());
            }
            case EventTypes.HOLD_EXPIRED -> {
                HoldExpired expired = processed.data(event, HoldExpired.class);
                notices.occurred(Occasion.HOLD_EXPIRED, expired.patronId(), expired.holdId(), expired.publicationId(), expired.at());
            }
            default -> throw new IllegalStateException("not handled: " + event.type());
        }
    }
}
