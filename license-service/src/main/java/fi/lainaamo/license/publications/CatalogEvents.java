package fi.lainaamo.license.publications;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationUpserted;
import fi.lainaamo.events.PublicationWithdrawn;
import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Catalogue events tell which publications exist, so a licence is never added for an id the catalogue never heard of.
 * {@link EventIntake} makes it idempotent (processed-event log in the same transaction), retries what fails without
 * acknowledging it, and sets records that can never be applied aside as dead letters.
 */
@ApplicationScoped
public class CatalogEvents implements EventHandler {

    @Inject
    ProcessedEvents processed;

    @Inject
    KnownPublications publications;

    @Inject
    EventIntake intake;

    /** A poll's worth in one transaction: an ONIX import sends one event per product. */
    @Incoming("catalog-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        intake.acceptAll(this, records);
    }

    @Override
    public String channel() {
        return "catalog-events";
    }

    @Override
    public boolean handles(String type) {
        return EventTypes.PUBLICATION_UPSERTED.equals(type) || EventTypes.PUBLICATION_WITHDRAWN.equals(type);
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (EventTypes.PUBLICATION_UPSERTED.equals(event.type())) {
            publications.learned(processed.data(event, PublicationUpserted.class).publicationId(), KnownPublication.FROM_CATALOGUE);
        } else {
            PublicationWithdrawn withdrawn = processed.data(event, PublicationWithdrawn.class);
            publications.withdrawn(withdrawn.publicationId(), withdrawn.withdrawnAt() != null ? withdrawn.withdrawnAt() : Instant.now());
        }
    }
}
