package fi.lainaamo.report.publishers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The holds on one publisher's titles now. */
@Schema(description = "Active holds on the publisher's titles now: waiting for a copy, and ready to be borrowed")
public record PublisherHolds(
        @Schema(description = "The publisher, as asked for") String publisher,
        @Schema(description = "When this was read") Instant at,
        @Schema(description = "Holds waiting on all the publisher's titles") long holdsWaiting,
        @Schema(description = "Holds ready to be borrowed on all the publisher's titles") long holdsReady,
        @Schema(description = "Titles with active holds (a page: limit, offset), most waiting first") List<TitleHolds> titles) {

    /** One title's active holds. */
    public record TitleHolds(
            UUID publicationId,
            @Schema(nullable = true) String title,
            @Schema(nullable = true) String format,
            @Schema(description = "ISBN first") List<String> identifiers,
            long holdsWaiting,
            long holdsReady) {
    }
}
