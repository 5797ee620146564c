package fi.lainaamo.patron.webhooks;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One line of an endpoint's delivery log. */
@Schema(description = "One event's delivery to the endpoint")
public record DeliveryView(@Schema(description = "The event id, sent as webhook-id") UUID eventId, String type, Instant occurredAt,
                           @Schema(enumeration = {"pending", "failed", "sent", "dead"}) String status, int attempts,
                           @Schema(nullable = true) Integer lastStatusCode,
                           @Schema(nullable = true, description = "a short technical reason, e.g. timeout") String lastError,
                           @Schema(nullable = true) Instant lastAttemptAt, @Schema(nullable = true) Instant nextAttemptAt,
                           @Schema(nullable = true) Instant sentAt, int replays) {

    /** A page of the log, newest first; {@code next} is the cursor for the following page. */
    @Schema(name = "DeliveryPage")
    public record Page(List<DeliveryView> items, @Schema(nullable = true) String next) {
    }
}
