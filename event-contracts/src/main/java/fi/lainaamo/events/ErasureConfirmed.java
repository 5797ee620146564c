package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A service has erased or anonymised everything it held about a patron. */
public record ErasureConfirmed(UUID erasureId, UUID patronId, String service, Instant at) {
}
