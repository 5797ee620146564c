package fi.lainaamo.patron.notifications;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A browser's push subscription as {@code PushSubscription.toJSON()} gives it ({@code expirationTime} is ignored). */
@Schema(name = "NewPushSubscription", description = "The browser's PushSubscription.toJSON()")
public record NewPushSubscription(
        @NotBlank @Size(max = 2048) @Schema(description = "The push service's URL for this browser (https)",
                example = "https://fcm.googleapis.com/fcm/send/dXJ...") String endpoint,
        @NotNull @Valid Keys keys) {

    public record Keys(
            @NotBlank @Size(max = 200) @Schema(description = "The browser's P-256 public key, uncompressed point, base64url (65 bytes)") String p256dh,
            @NotBlank @Size(max = 100) @Schema(description = "The 16-byte authentication secret, base64url") String auth) {

        @Override
        public String toString() {
            return "Keys[...]";
        }
    }

    /** The endpoint is personal data: never in a log line. */
    @Override
    public String toString() {
        return "NewPushSubscription[...]";
    }
}
