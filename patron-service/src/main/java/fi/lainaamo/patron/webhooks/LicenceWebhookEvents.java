package fi.lainaamo.patron.webhooks;

import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Licence events from license-service's topic, for the partners' webhooks only (its own consumer group). The
 * deliveries and the processed-event entry commit together; a failure is thrown, so the record comes again.
 */
@ApplicationScoped
public class LicenceWebhookEvents implements EventHandler {

    @Inject
    EventIntake intake;

    @Inject
    WebhookFanOut fanOut;

    @Incoming("webhook-licence-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        intake.acceptAll(this, records); // a poll's worth in one transaction: two availability changes per borrow and return
    }

    @Override
    public String channel() {
        return "webhook-licence-events";
    }

    @Override
    public boolean handles(String type) {
        return WebhookType.ofEventType(type).filter(t -> t.group == WebhookType.Group.LICENCES).isPresent();
    }

    @Override
    public void apply(ReceivedEvent event) {
        fanOut.received(event);
    }
}
