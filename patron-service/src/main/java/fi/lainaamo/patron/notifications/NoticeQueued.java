package fi.lainaamo.patron.notifications;

/** Fired when a notice of a sending channel (e-mail, push) is queued; observed after commit to wake its sender at once. */
public record NoticeQueued(Channel channel) {
}
