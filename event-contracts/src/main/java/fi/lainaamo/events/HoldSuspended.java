package fi.lainaamo.events;

import java.util.UUID;

/** A hold keeps its place but is skipped until the given date. */
public record HoldSuspended(UUID holdId, UUID patronId, UUID publicationId, java.time.LocalDate until) {
}
