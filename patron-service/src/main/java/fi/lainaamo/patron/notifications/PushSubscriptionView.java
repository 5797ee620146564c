package fi.lainaamo.patron.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** One of the patron's push subscriptions, as listed: the endpoint only by its origin (the full URL is a credential). */
@Schema(name = "PushSubscription")
public record PushSubscriptionView(
        UUID id,
        @Schema(description = "The push service the subscription is with, e.g. https://fcm.googleapis.com") String endpointOrigin,
        Instant createdAt) {
}
