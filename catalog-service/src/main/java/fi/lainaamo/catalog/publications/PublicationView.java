package fi.lainaamo.catalog.publications;

import fi.lainaamo.catalog.availability.AvailabilityView;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A publication as patrons, apps and partner systems see it: its description and how many copies are free. */
public record PublicationView(UUID id, String title, String subtitle, Format format, String language, String isbn,
                              List<String> authors, String publisher, String description, LocalDate published,
                              AvailabilityView availability, Instant createdAt, Instant updatedAt) {

    static PublicationView of(Publication p, AvailabilityView availability) {
        return new PublicationView(p.id, p.title, p.subtitle, p.format, p.language, p.isbn, List.copyOf(p.authors),
                p.publisher, p.description, p.published, availability, p.createdAt, p.updatedAt);
    }
}
