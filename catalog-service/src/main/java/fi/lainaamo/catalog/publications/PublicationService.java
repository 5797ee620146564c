package fi.lainaamo.catalog.publications;

import fi.lainaamo.catalog.availability.AvailabilityService;
import fi.lainaamo.catalog.availability.AvailabilityView;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationUpserted;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creates, replaces and reads publications. Every change is recorded as a publication-upserted event in the same
 * transaction, so the other services learn of exactly the changes that were committed.
 */
@ApplicationScoped
public class PublicationService {

    @Inject
    Outbox outbox;

    @Inject
    AvailabilityService availability;

    /** A stored publication and whether this call created it (false when it replaced an existing one). */
    public record Saved(PublicationView publication, boolean created) {
    }

    @Transactional
    public PublicationView create(PublicationDetails details) {
        return save(new Publication(), UUID.randomUUID(), details).publication();
    }

    /** Replaces the editable fields; an id the catalogue does not know yet creates the publication under that id. */
    @Transactional
    public Saved replace(UUID id, PublicationDetails details) {
        Publication existing = Publication.findById(id);
        return existing == null ? save(new Publication(), id, details) : save(existing, id, details);
    }

    @Transactional
    public PublicationView get(UUID id) {
        Publication publication = find(id);
        return PublicationView.of(publication, availability.of(id));
    }

    /** The publication's availability; a title not in the catalogue has none to show, even if licence events came. */
    @Transactional
    public AvailabilityView availability(UUID id) {
        find(id);
        return availability.of(id);
    }

    /** A page in the order publications were added; one row more than asked tells whether another page follows. */
    @Transactional
    public PublicationPage list(int limit, String after) {
        List<Publication> rows = after == null
                ? Publication.firstInCatalogueOrder(limit + 1)
                : Publication.afterInCatalogueOrder(cursor(after), limit + 1);
        List<Publication> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        Map<UUID, AvailabilityView> copies = availability.of(page.stream().map(p -> p.id).toList());
        List<PublicationView> items = page.stream().map(p -> PublicationView.of(p, copies.get(p.id))).toList();
        String next = rows.size() > limit
                ? "/v1/publications?limit=" + limit + "&after=" + page.get(page.size() - 1).id
                : null;
        return new PublicationPage(items, next);
    }

    private Saved save(Publication publication, UUID id, PublicationDetails details) {
        boolean created = publication.id == null;
        if (details.isbn() != null) {
            Publication.byIsbn(details.isbn()).filter(other -> !other.id.equals(id)).ifPresent(other -> {
                throw isbnTaken(details.isbn());
            });
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        publication.describe(details);
        publication.updatedAt = now;
        if (created) {
            publication.id = id;
            publication.createdAt = now;
            publication.persist();
        }
        try {
            publication.flush();
        } catch (PersistenceException e) {
            // another request took the ISBN between our check and this write
            if (violates(e, "publication_isbn_unique")) {
                throw isbnTaken(details.isbn());
            }
            throw e;
        }
        outbox.record(EventTypes.PUBLICATION_UPSERTED, publication.id, publication.id,
                new PublicationUpserted(publication.id, publication.title, publication.format.name(), publication.language));
        return new Saved(PublicationView.of(publication, availability.of(publication.id)), created);
    }

    /** The publication a page continues after; a malformed or unknown id is the client's error, not a 404 or 500. */
    private static Publication cursor(String after) {
        Publication cursor = null;
        try {
            cursor = Publication.findById(UUID.fromString(after));
        } catch (IllegalArgumentException notAnId) {
            // answered below like an unknown id
        }
        if (cursor == null) {
            throw new ProblemException(400, "invalid-cursor", List.of(new ProblemException.Violation("invalid-cursor", "after", after)));
        }
        return cursor;
    }

    private static Publication find(UUID id) {
        Publication publication = Publication.findById(id);
        if (publication == null) {
            throw ProblemException.notFound("publication-not-found", id);
        }
        return publication;
    }

    private static boolean violates(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException violation && constraint.equals(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }

    private static ProblemException isbnTaken(String isbn) {
        return new ProblemException(409, "isbn-taken", List.of(new ProblemException.Violation("isbn-taken", "isbn", isbn)));
    }
}
