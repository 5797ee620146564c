package fi.lainaamo.patron.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** One notice as staff see it: which occasion, on which channel, when, and whether it went out — not what it said. */
@Schema(name = "NoticeRecord", description = "A notice sent (or being sent) to a patron, without its content")
public record NoticeRecord(
        UUID id,
        @Schema(description = "Why the patron was told, e.g. hold-ready, loan-due, licence-withdrawn") String occasion,
        @Schema(description = "in-app, email or push") String channel,
        @Schema(enumeration = {"delivered", "pending", "sent", "skipped", "failed"},
                description = "in-app notices are delivered when written; e-mail and push are pending until the channel "
                        + "accepted them (sent), skipped (the patron turned the channel off or removed the address meanwhile), "
                        + "or failed after the last attempt") String status,
        @Schema(description = "Attempts made to send it (0 for in-app)") int attempts,
        Instant createdAt,
        @Schema(nullable = true, description = "When the channel accepted it") Instant sentAt) {
}
