package fi.lainaamo.loan.titles;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationReinstated;
import fi.lainaamo.events.PublicationUpserted;
import fi.lainaamo.events.PublicationWithdrawn;
import fi.lainaamo.loan.holds.HoldService;
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
 * Catalogue events: a title's name and format for the shelf and its OPDS feed; a withdrawn title's holds are
 * cancelled with a reason (its loans continue); a reinstated title can be held and borrowed again. Idempotent;
 * failures are redelivered.
 */
@ApplicationScoped
public class CatalogEvents implements EventHandler {

    @Inject
    ProcessedEvents processed;

    @Inject
    Titles titles;

    @Inject
    HoldService holds;

    @Inject
    EventIntake intake;

    /**
     * A poll's worth of catalogue events in one transaction: an ONIX import sends one event per product, and a
     * transaction per event cost loan-service almost a core during a large import. If the batch fails, its records
     * are taken one at a time (retries, dead letters); the processed-event log keeps any from applying twice.
     */
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
        return EventTypes.PUBLICATION_UPSERTED.equals(type) || EventTypes.PUBLICATION_WITHDRAWN.equals(type)
                || EventTypes.PUBLICATION_REINSTATED.equals(type);
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (EventTypes.PUBLICATION_UPSERTED.equals(event.type())) {
            PublicationUpserted upserted = processed.data(event, PublicationUpserted.class);
            titles.named(upserted.publicationId(), upserted.title(), upserted.format());
        } else if (EventTypes.PUBLICATION_REINSTATED.equals(event.type())) {
            titles.reinstated(processed.data(event, PublicationReinstated.class).publicationId());
        } else {
            PublicationWithdrawn withdrawn = processed.data(event, PublicationWithdrawn.class);
            holds.withdrawn(withdrawn.publicationId(), withdrawn.withdrawnAt() != null ? withdrawn.withdrawnAt() : java.time.Instant.now());
        }
    }
}
