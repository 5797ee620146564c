package fi.lainaamo.patron.notifications;

import java.util.Arrays;
import java.util.Optional;

/** How a notice reaches the patron; chosen per occasion in the profile. The code is stable (API and database). */
public enum Channel {
    /** The inbox apps show: {@code GET /v1/me/notifications}. */
    IN_APP("in-app"),
    /** An e-mail to the address in the profile, sent by {@link EmailSender}. */
    EMAIL("email"),
    /** A Web Push message to each of the patron's push subscriptions, sent by {@link PushSender}. */
    PUSH("push");

    public final String code;

    Channel(String code) {
        this.code = code;
    }

    public static Optional<Channel> of(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
