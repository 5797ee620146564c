package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A patron asked to be erased: every service deletes or anonymises what it holds and confirms with erasure confirmed. */
public record PatronErased(UUID erasureId, UUID patronId, Instant requestedAt) {
}
