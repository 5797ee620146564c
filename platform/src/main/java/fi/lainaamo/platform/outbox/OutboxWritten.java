package fi.lainaamo.platform.outbox;

/** Fired when an outbox row is written; observed after commit to wake the relay at once. */
public record OutboxWritten() {
}
