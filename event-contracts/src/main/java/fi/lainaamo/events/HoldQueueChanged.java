package fi.lainaamo.events;

import java.util.UUID;

/** The number of patrons waiting for a title changed; version grows with every change of that title. */
public record HoldQueueChanged(UUID publicationId, int holdsWaiting, long version) {
}
