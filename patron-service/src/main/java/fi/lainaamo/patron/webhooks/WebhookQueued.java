package fi.lainaamo.patron.webhooks;

/** Fired in a transaction that queued webhook deliveries; the sender wakes after it commits. */
public record WebhookQueued() {
}
