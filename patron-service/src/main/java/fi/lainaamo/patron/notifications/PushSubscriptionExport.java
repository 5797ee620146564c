package fi.lainaamo.patron.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A push subscription in the patron's GDPR export: the endpoint in full (it is the patron's data); not the auth secret. */
@Schema(name = "PushSubscriptionExport")
public record PushSubscriptionExport(UUID id, String endpoint, @Schema(description = "The browser's public key, base64url") String p256dh,
                                     Instant createdAt) {
}
