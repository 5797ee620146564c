package fi.lainaamo.patron.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The key an app subscribes with. */
@Schema(name = "VapidPublicKey")
public record VapidPublicKey(
        @Schema(description = "The VAPID public key (uncompressed P-256 point, base64url): pass it to pushManager.subscribe as "
                + "applicationServerKey") String publicKey) {
}
