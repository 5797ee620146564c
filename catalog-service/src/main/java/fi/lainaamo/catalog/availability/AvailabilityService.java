package fi.lainaamo.catalog.availability;

import fi.lainaamo.events.AvailabilityChanged;
import fi.lainaamo.events.HoldQueueChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads and updates the availability read model. It is written only from license-service's and loan-service's
 * events, never by asking them, so the catalogue keeps answering when they are down.
 */
@ApplicationScoped
public class AvailabilityService {

    /** The average real loan (patrons return early), for the estimated wait. */
    @ConfigProperty(name = "lainaamo.catalog.average-loan-days", defaultValue = "14")
    int averageLoanDays;

    @Transactional
    public AvailabilityView of(UUID publicationId) {
        return of(List.of(publicationId)).get(publicationId);
    }

    /** Availability of many publications in two queries; those with none yet get {@link AvailabilityView#NONE}. */
    @Transactional
    public Map<UUID, AvailabilityView> of(Collection<UUID> publicationIds) {
        Map<UUID, PublicationAvailability> stored = PublicationAvailability.forPublications(publicationIds).stream()
                .collect(Collectors.toMap(a -> a.publicationId, Function.identity()));
        Map<UUID, PublicationHolds> holds = PublicationHolds.forPublications(publicationIds).stream()
                .collect(Collectors.toMap(h -> h.publicationId, Function.identity()));
        return publicationIds.stream().distinct().collect(Collectors.toMap(Function.identity(),
                id -> AvailabilityView.of(stored.get(id), holds.get(id), averageLoanDays)));
    }

    /**
     * The availability from its stored columns, read along with something else (a search page's publications in one
     * statement): {@code recorded} whether publication_availability has a row, {@code holdsWaiting} 0 when
     * publication_holds has none. The same view {@link #of(Collection)} gives.
     */
    public AvailabilityView view(boolean recorded, int copiesTotal, int copiesAvailable, int seatsHeldForHolds, Instant updatedAt, int holdsWaiting) {
        return AvailabilityView.of(recorded, copiesTotal, copiesAvailable, seatsHeldForHolds, updatedAt, holdsWaiting, averageLoanDays);
    }

    /**
     * Applies a changed availability unless a newer or equal version is already stored. Stored even when the
     * publication is not in the catalogue yet: it shows once the publication is created.
     */
    @Transactional
    public boolean changed(AvailabilityChanged event) {
        return PublicationAvailability.recordIfNewer(event.publicationId(), event.seatsTotal(), event.seatsFree(),
                event.seatsHeldForHolds(), event.version(), Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** Applies a hold queue length unless a newer or equal version is already stored. */
    @Transactional
    public boolean holdsChanged(HoldQueueChanged event) {
        return PublicationHolds.recordIfNewer(event.publicationId(), event.holdsWaiting(), event.version(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** One more loan of the title; the consumer's processed-event log keeps a redelivery from counting twice. */
    @Transactional
    public void borrowed(UUID publicationId) {
        PublicationHolds.countBorrowed(publicationId);
    }
}
