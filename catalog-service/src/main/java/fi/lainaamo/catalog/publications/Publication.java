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

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An e-book or audiobook in the national catalogue, shared by every member library. Its search entry (table
 * search_entry) is kept by a database trigger, so the index follows every change as it commits.
 */
@Entity
@Table(name = "publication")
public class Publication extends PanacheEntityBase {

    /** In the catalogue, or withdrawn (kept for existing loans and history, hidden from search and feeds). */
    public enum Status { ACTIVE, WITHDRAWN }

    @Id
    public UUID id;
    public String title;
    public String subtitle;
    @Column(name = "sort_title")
    public String sortTitle;
    @Enumerated(EnumType.STRING)
    public Format format;
    /** ISO 639-2/B code, such as fin, swe or eng. */
    public String language;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> languages = new ArrayList<>();
    /** ISBN-13 digits; null for a publication without one. */
    public String isbn;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Identifier> identifiers = new ArrayList<>();
    /** Names of the contributors who have the role author (among others or alone), kept for the short API form. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> authors = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Contributor> contributors = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Subject> subjects = new ArrayList<>();
    /** The subjects' terms, for the subject facet and filter (a GIN-indexed array). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "subject_terms", columnDefinition = "text[]")
    public List<String> subjectTerms = new ArrayList<>();
    public String audience;
    @Column(name = "series_name")
    public String seriesName;
    @Column(name = "series_position")
    public BigDecimal seriesPosition;
    public String publisher;
    public String imprint;
    public String description;
    public LocalDate published;
    @Column(name = "cover_url")
    public String coverUrl;
    @Column(name = "content_url")
    public String contentUrl;
    @Column(name = "duration_seconds")
    public Integer durationSeconds;
    public Integer pages;
    @JdbcTypeCode(SqlTypes.JSON)
    public Accessibility accessibility;
    @Enumerated(EnumType.STRING)
    public Status status = Status.ACTIVE;
    @Column(name = "withdrawn_reason")
    public String withdrawnReason;
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<Publication> byIsbn(String isbn) {
        return find("isbn", isbn).firstResultOptional();
    }

    public static List<Publication> byIsbns(Collection<String> isbns) {
        return isbns.isEmpty() ? List.of() : list("isbn in ?1", isbns);
    }

    public static List<Publication> byIds(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
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

    public boolean withdrawn() {
        return status == Status.WITHDRAWN;
    }

    /** Replaces every editable field: a PUT, a POST or an imported record carries the whole description. */
    void describe(PublicationDetails details) {
        title = details.title().trim();
        subtitle = details.subtitle();
        sortTitle = details.sortTitle() != null && !details.sortTitle().isBlank()
                ? details.sortTitle().trim().toLowerCase(Locale.ROOT) : title.toLowerCase(Locale.ROOT);
        format = Format.valueOf(details.format());
        language = details.language();
        languages = details.languages() == null ? new ArrayList<>() : new ArrayList<>(details.languages());
        isbn = details.isbn();
        identifiers = details.identifiers() == null ? new ArrayList<>() : new ArrayList<>(details.identifiers());
        if (details.contributors() != null && !details.contributors().isEmpty()) {
            contributors = new ArrayList<>(details.contributors());
        } else {
            contributors = new ArrayList<>();
            if (details.authors() != null) {
                details.authors().forEach(name -> contributors.add(new Contributor(name, null, "author")));
            }
        }
        authors = new ArrayList<>(contributors.stream().filter(c -> c.has("author")).map(Contributor::name).toList());
        subjects = details.subjects() == null ? new ArrayList<>() : new ArrayList<>(details.subjects());
        subjectTerms = new ArrayList<>(subjects.stream().map(Subject::term).filter(Objects::nonNull).distinct().toList());
        audience = details.audience();
        seriesName = details.series() == null ? null : details.series().name();
        seriesPosition = details.series() == null ? null : details.series().position();
        publisher = details.publisher();
        imprint = details.imprint();
        description = details.description();
        published = details.published();
        coverUrl = details.coverUrl();
        contentUrl = details.contentUrl();
        durationSeconds = details.durationSeconds();
        pages = details.pages();
        accessibility = details.accessibility();
    }
}
