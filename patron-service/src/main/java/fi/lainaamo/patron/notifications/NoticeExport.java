package fi.lainaamo.patron.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A notice as stored, for the patron's GDPR export: every channel, with how e-mail and push delivery went. */
@Schema(name = "NoticeExport")
public record NoticeExport(
        UUID id,
        @Schema(enumeration = {"in-app", "email", "push"}) String channel,
        @Schema(enumeration = {"hold-ready", "hold-expired", "hold-ready-reminder", "loan-due", "loan-expired", "licence-withdrawn"}) String occasion,
        @Schema(nullable = true) UUID publicationId,
        @Schema(nullable = true) UUID holdId,
        @Schema(nullable = true, description = "hold-ready, hold-ready-reminder: the pick-up deadline; "
                + "hold-expired, loan-expired: when it expired; licence-withdrawn: when the hold or loan ended; loan-due: the due date") Instant occasionAt,
        Instant createdAt,
        @Schema(nullable = true) Instant readAt,
        @Schema(nullable = true, enumeration = {"pending", "sent", "skipped", "failed"}, description = "e-mail and push only") String status,
        @Schema(description = "e-mail and push only: sending attempts so far") int attempts,
        @Schema(nullable = true) Instant sentAt,
        @Schema(nullable = true) UUID loanId) {
}
