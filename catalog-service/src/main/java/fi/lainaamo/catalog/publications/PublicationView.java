package fi.lainaamo.catalog.publications;

import fi.lainaamo.catalog.availability.AvailabilityView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A publication as patrons, apps and partner systems see it: its description and how many copies are free. */
@Schema(name = "Publication")
public record PublicationView(
        UUID id,
        String title,
        @Schema(nullable = true) String subtitle,
        @Schema(nullable = true) String sortTitle,
        Format format,
        String language,
        List<String> languages,
        @Schema(nullable = true) String isbn,
        List<Identifier> identifiers,
        List<String> authors,
        List<Contributor> contributors,
        List<Subject> subjects,
        @Schema(nullable = true) String audience,
        @Schema(nullable = true) Series series,
        @Schema(nullable = true) String publisher,
        @Schema(nullable = true) String imprint,
        @Schema(nullable = true) String description,
        @Schema(nullable = true) LocalDate published,
        @Schema(nullable = true) String coverUrl,
        @Schema(nullable = true) String contentUrl,
        @Schema(nullable = true) Integer durationSeconds,
        @Schema(nullable = true) Integer pages,
        @Schema(nullable = true) Accessibility accessibility,
        @Schema(enumeration = {"ACTIVE", "WITHDRAWN"}, description = "WITHDRAWN titles are out of search and feeds; loans continue") String status,
        @Schema(nullable = true) String withdrawnReason,
        @Schema(nullable = true) Instant withdrawnAt,
        AvailabilityView availability,
        Instant createdAt,
        Instant updatedAt) {

    public static PublicationView of(Publication p, AvailabilityView availability) {
        return new PublicationView(p.id, p.title, p.subtitle, p.sortTitle, p.format, p.language, List.copyOf(p.languages),
                p.isbn, List.copyOf(p.identifiers), List.copyOf(p.authors), List.copyOf(p.contributors), List.copyOf(p.subjects),
                p.audience, p.seriesName == null ? null : new Series(p.seriesName, p.seriesPosition), p.publisher, p.imprint,
                p.description, p.published, p.coverUrl, p.contentUrl, p.durationSeconds, p.pages, p.accessibility,
                p.status.name(), p.withdrawnReason, p.withdrawnAt, availability, p.createdAt, p.updatedAt);
    }
}
