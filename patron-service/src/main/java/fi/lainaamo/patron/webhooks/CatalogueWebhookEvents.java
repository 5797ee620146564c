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
 * Catalogue changes from catalog-service's topic, for the partners' webhooks only (its own consumer group). The
 * deliveries and the processed-event entries commit together; a failure is thrown, so the records come again.
 * A poll's worth is applied in one transaction: an ONIX import sends one event per product, and a transaction per
 * event made this consumer an eighth of the machine's CPU during a 100,000-product import (BENCHMARKS.md, issue 14);
 * if the batch fails, its records are taken one at a time (retries, dead letters).
 */
@ApplicationScoped
public class CatalogueWebhookEvents implements EventHandler {

    @Inject
    EventIntake intake;

    @Inject
    WebhookFanOut fanOut;

    @Incoming("webhook-catalogue-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        intake.acceptAll(this, records);
    }

    @Override
    public String channel() {
        return "webhook-catalogue-events";
    }

    @Override
    public boolean handles(String type) {
        return WebhookType.ofEventType(type).filter(t -> t.group == WebhookType.Group.CATALOGUE).isPresent();
    }

    @Override
    public void apply(ReceivedEvent event) {
        fanOut.received(event);
    }
}
