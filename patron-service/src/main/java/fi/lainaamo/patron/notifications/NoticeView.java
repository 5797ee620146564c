package fi.lainaamo.patron.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** One entry of the patron's in-app inbox. */
@Schema(name = "Notice", description = "An entry of the patron's inbox")
public record NoticeView(
        UUID id,
        @Schema(enumeration = {"hold-ready", "hold-expired"}, description = "Why the patron is told: hold-ready (a seat is kept "
                + "until readyUntil), hold-expired (a ready hold was not borrowed in time)") String occasion,
        @Schema(description = "What happened, in the patron's language (profile language: fi, sv or en)") String text,
        @Schema(description = "The publication the notice is about; its title page is catalog-service's GET /v1/publications/{id}") UUID publicationId,
        @Schema(description = "The hold the notice is about") UUID holdId,
        @Schema(nullable = true, description = "hold-ready: the pick-up deadline") Instant readyUntil,
        @Schema(nullable = true, description = "hold-expired: when the hold expired") Instant expiredAt,
        Instant createdAt,
        @Schema(nullable = true, description = "When the patron marked it read; null while unread") Instant readAt) {
}
