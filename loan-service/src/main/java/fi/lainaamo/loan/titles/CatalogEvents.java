package fi.lainaamo.loan.titles;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationUpserted;
import fi.lainaamo.events.PublicationWithdrawn;
import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Catalogue events: a title's name and format for the shelf and its OPDS feed; a withdrawn title's holds are
 * cancelled with a reason (its loans continue). Idempotent; failures are redelivered.
 */
@ApplicationScoped
public class CatalogEvents {

    @Inject
    ProcessedEvents processed;

    @Inject
    Titles titles;

    @Inject
    HoldService holds;

    @Inject
    EntityManager em;

    /**
     * A poll's worth of catalogue events in one transaction: an ONIX import sends one event per product, and a
     * transaction per event cost loan-service almost a core during a large import. A failure rolls the whole batch
     * back and it is delivered again; the processed-event log keeps a redelivered event from applying twice.
     */
    @Incoming("catalog-events")
    @Blocking
    @Transactional
    public void on(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            apply(ReceivedEvent.from(record));
            // what one event changed is written before the next: no entity read for one can go stale under another
            em.flush();
            em.clear();
        }
    }

    private void apply(ReceivedEvent event) {
        boolean wanted = EventTypes.PUBLICATION_UPSERTED.equals(event.type()) || EventTypes.PUBLICATION_WITHDRAWN.equals(event.type());
        if (!wanted || !processed.firstDelivery(event)) {
            return;
        }
        if (EventTypes.PUBLICATION_UPSERTED.equals(event.type())) {
            PublicationUpserted upserted = processed.data(event, PublicationUpserted.class);
            titles.named(upserted.publicationId(), upserted.title(), upserted.format());
        } else {
            PublicationWithdrawn withdrawn = processed.data(event, PublicationWithdrawn.class);
            holds.withdrawn(withdrawn.publicationId(), withdrawn.withdrawnAt() != null ? withdrawn.withdrawnAt() : java.time.Instant.now());
        }
    }
}
