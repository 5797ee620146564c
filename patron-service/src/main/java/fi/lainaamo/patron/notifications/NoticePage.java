package fi.lainaamo.patron.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** A page of the inbox, newest first. */
@Schema(name = "NoticePage")
public record NoticePage(
        List<NoticeView> items,
        @Schema(description = "How many of the patron's notices are unread, on any page") long unread,
        @Schema(nullable = true, description = "Pass as `after` for the next (older) page; null on the last page") UUID next) {
}
