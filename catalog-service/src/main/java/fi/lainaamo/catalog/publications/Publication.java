package fi.lainaamo.catalog.publications;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An e-book or audiobook in the national catalogue, shared by every member library. */
@Entity
@Table(name = "publication")
public class Publication extends PanacheEntityBase {

    @Id
    public UUID id;
    public String title;
    public String subtitle;
    @Enumerated(EnumType.STRING)
    public Format format;
    /** ISO 639-2/B code, such as fin, swe or eng. */
    public String language;
    /** ISBN-13 digits; null for a publication without one. */
    public String isbn;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> authors = new ArrayList<>();
    public String publisher;
    public String description;
    public LocalDate published;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<Publication> byIsbn(String isbn) {
        return find("isbn", isbn).firstResultOptional();
    }

    /** Up to {@code limit} publications in the order they were added, from the first one. */
    public static List<Publication> firstInCatalogueOrder(int limit) {
        return find("order by createdAt, id").page(0, limit).list();
    }

    /** Up to {@code limit} publications added after {@code cursor}, in the order they were added. */
    public static List<Publication> afterInCatalogueOrder(Publication cursor, int limit) {
        return find("createdAt > ?1 or (createdAt = ?1 and id > ?2) order by createdAt, id", cursor.createdAt, cursor.id)
                .page(0, limit).list();
    }

    /** Replaces every editable field: a PUT or POST carries the whole description. */
    void describe(PublicationDetails details) {
        title = details.title();
        subtitle = details.subtitle();
        format = Format.valueOf(details.format());
        language = details.language();
        isbn = details.isbn();
        authors = details.authors() == null ? new ArrayList<>() : new ArrayList<>(details.authors());
        publisher = details.publisher();
        description = details.description();
        published = details.published();
    }
}
