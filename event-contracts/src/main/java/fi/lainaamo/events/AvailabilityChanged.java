package fi.lainaamo.events;

import java.util.UUID;

/**
 * The seats of a publication changed ({@code seatsHeldForHolds}: seats kept for ready holds, not free to others). {@code version} grows by one with every change of that publication, so a
 * read model keeps the highest version it has seen and ignores older or repeated ones.
 */
public record AvailabilityChanged(UUID publicationId, int seatsTotal, int seatsFree, int seatsHeldForHolds, long version) {
}
