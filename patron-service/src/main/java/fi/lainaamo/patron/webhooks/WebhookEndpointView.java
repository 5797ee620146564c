package fi.lainaamo.patron.webhooks;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An endpoint as its app and the consortium admin see it: never the secret. */
@Schema(description = "A webhook endpoint (the secret is shown only at registration and rotation)")
public record WebhookEndpointView(UUID id, String clientId, String url, List<String> eventTypes, @Schema(nullable = true) String description,
                                  @Schema(enumeration = {"enabled", "disabled"}) String status,
                                  @Schema(nullable = true) Instant disabledAt,
                                  @Schema(nullable = true, description = "why it was disabled: dead-delivery, keeps-failing or by-app") String disabledReason,
                                  int consecutiveFailures, Instant createdAt, Instant updatedAt) {

    static WebhookEndpointView of(WebhookEndpoint e) {
        return new WebhookEndpointView(e.id, e.clientId, e.url, e.typeList(), e.description, e.status, e.disabledAt, e.disabledReason,
                e.consecutiveFailures, e.createdAt, e.updatedAt);
    }
}
