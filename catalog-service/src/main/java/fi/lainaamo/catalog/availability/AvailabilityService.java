package fi.lainaamo.catalog.availability;

import fi.lainaamo.events.AvailabilityChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads and updates the availability read model. It is written only from license-service's events, never by asking
 * license-service, so the catalogue keeps answering when license-service is down.
 */
@ApplicationScoped
public class AvailabilityService {

    @Transactional
    public AvailabilityView of(UUID publicationId) {
        return AvailabilityView.of(PublicationAvailability.findById(publicationId));
    }

    /** Availability of many publications in one query; those with none yet get {@link AvailabilityView#NONE}. */
    @Transactional
    public Map<UUID, AvailabilityView> of(Collection<UUID> publicationIds) {
        Map<UUID, PublicationAvailability> stored = PublicationAvailability.forPublications(publicationIds).stream()
                .collect(Collectors.toMap(a -> a.publicationId, Function.identity()));
        return publicationIds.stream().distinct()
                .collect(Collectors.toMap(Function.identity(), id -> AvailabilityView.of(stored.get(id))));
    }

    /**
     * Applies a changed availability unless a newer or equal version is already stored. Stored even when the
     * publication is not in the catalogue yet: it shows once the publication is created.
     */
    @Transactional
    public boolean changed(AvailabilityChanged event) {
        return PublicationAvailability.recordIfNewer(event.publicationId(), event.seatsTotal(), event.seatsFree(),
                event.version(), Instant.now().truncatedTo(ChronoUnit.MICROS));
    }
}
