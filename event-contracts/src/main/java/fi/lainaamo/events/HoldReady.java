package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/** A seat is kept for the patron at the head of the queue until readyUntil. */
public record HoldReady(UUID holdId, UUID patronId, UUID publicationId, Instant readyUntil) {
}
