package fi.lainaamo.patron.notifications;

/** Fired when an e-mail notice is queued; observed after commit to wake the sender at once. */
public record EmailNoticeWritten() {
}
