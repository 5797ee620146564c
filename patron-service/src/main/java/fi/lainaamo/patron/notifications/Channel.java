package fi.lainaamo.patron.notifications;

/** How a notice reaches the patron; each the patron can turn on or off in the profile. */
public enum Channel {
    /** The inbox apps show: {@code GET /v1/me/notifications}. */
    IN_APP("in-app"),
    /** An e-mail to the address in the profile, sent by {@link EmailSender}. */
    EMAIL("email");

    public final String code;

    Channel(String code) {
        this.code = code;
    }
}
