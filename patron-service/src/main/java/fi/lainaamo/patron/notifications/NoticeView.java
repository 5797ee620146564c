package fi.lainaamo.patron.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** One entry of the patron's in-app inbox. */
@Schema(name = "Notice", description = "An entry of the patron's inbox")
public record NoticeView(
        UUID id,
        @Schema(enumeration = {"hold-ready", "hold-expired", "hold-ready-reminder", "loan-due", "loan-expired", "licence-withdrawn"},
                description = "Why the patron is told: hold-ready (a seat is kept until readyUntil), hold-expired (a ready hold "
                        + "was not borrowed in time), hold-ready-reminder (the pick-up window closes within a day), loan-due "
                        + "(the loan is due at dueAt, in 3 days or in 1 day; renewal may be possible in the app), loan-expired "
                        + "(the loan reached its due date and ended), licence-withdrawn (the title's licence ended under the patron's hold or "
                        + "loan: the hold was cancelled or the loan ended early)") String occasion,
        @Schema(description = "What happened, in the patron's language (profile language: fi, sv or en)") String text,
        @Schema(description = "The publication the notice is about; its title page is catalog-service's GET /v1/publications/{id}") UUID publicationId,
        @Schema(nullable = true, description = "The hold the notice is about (hold occasions)") UUID holdId,
        @Schema(nullable = true, description = "The loan the notice is about (loan occasions)") UUID loanId,
        @Schema(nullable = true, description = "hold-ready, hold-ready-reminder: the pick-up deadline") Instant readyUntil,
        @Schema(nullable = true, description = "hold-expired, loan-expired, licence-withdrawn: when the hold or loan ended") Instant expiredAt,
        @Schema(nullable = true, description = "loan-due: the due date") Instant dueAt,
        Instant createdAt,
        @Schema(nullable = true, description = "When the patron marked it read; null while unread") Instant readAt) {
}
