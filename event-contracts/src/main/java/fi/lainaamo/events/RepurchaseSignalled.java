package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** Holds waiting per seat crossed the configured ratio: acquisitions should buy more reading rights. */
public record RepurchaseSignalled(UUID publicationId, int holdsWaiting, int seatsTotal, double ratio, Instant at) {
}
