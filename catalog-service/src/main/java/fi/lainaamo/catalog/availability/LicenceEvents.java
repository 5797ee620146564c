package fi.lainaamo.catalog.availability;

import fi.lainaamo.catalog.feeds.FeedPublications;
import fi.lainaamo.events.AvailabilityChanged;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.FeedPublicationReceived;
import fi.lainaamo.events.LicenceConsumed;
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
 * Licence events keep the catalogue's availability in step with license-service, count loans for the "most
 * borrowed" sort and carry the ODL feed metadata license-service fetched. Idempotent through the processed-event
 * log and the event's version; a failure is thrown, so the record is not acknowledged and is delivered again.
 */
@ApplicationScoped
public class LicenceEvents implements EventHandler {

    @Inject
    ProcessedEvents processed;

    @Inject
    AvailabilityService availability;

    @Inject
    FeedPublications feedPublications;

    @Inject
    EventIntake intake;

    /** A poll's worth in one transaction (a transaction per event was most of this consumer's cost at many loans a second). */
    @Incoming("licence-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        intake.acceptAll(this, records);
    }

    @Override
    public String channel() {
        return "licence-events";
    }

    @Override
    public boolean handles(String type) {
        // added, released, ...: each is followed by an availability-changed event with the new counts
        return EventTypes.AVAILABILITY_CHANGED.equals(type) || EventTypes.LICENCE_CONSUMED.equals(type)
                || EventTypes.FEED_PUBLICATION_RECEIVED.equals(type);
    }

    @Override
    public void apply(ReceivedEvent event) {
        switch (event.type()) {
            case EventTypes.AVAILABILITY_CHANGED -> availability.changed(processed.data(event, AvailabilityChanged.class));
            case EventTypes.LICENCE_CONSUMED -> availability.borrowed(processed.data(event, LicenceConsumed.class).publicationId());
            case EventTypes.FEED_PUBLICATION_RECEIVED -> feedPublications.received(processed.data(event, FeedPublicationReceived.class));
            default -> throw new IllegalStateException("not handled: " + event.type());
        }
    }
}
