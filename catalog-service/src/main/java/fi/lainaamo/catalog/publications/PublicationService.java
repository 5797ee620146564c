package fi.lainaamo.catalog.publications;

import fi.lainaamo.catalog.availability.AvailabilityService;
import fi.lainaamo.catalog.availability.AvailabilityView;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationIds;
import fi.lainaamo.events.PublicationReinstated;
import fi.lainaamo.events.PublicationUpserted;
import fi.lainaamo.events.PublicationWithdrawn;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creates, replaces, withdraws, reinstates and reads publications. Every change is recorded as a publication event in the same
 * transaction, so the other services learn of exactly the changes that were committed.
 */
@ApplicationScoped
public class PublicationService {

    @Inject
    Outbox outbox;

    @Inject
    AvailabilityService availability;

    @Inject
    PublicationViews views;

    /** A stored publication and whether this call created it (false when it replaced an existing one). */
    public record Saved(PublicationView publication, boolean created) {
    }

    /** What an import did with one record. */
    public enum Upserted { IMPORTED, UPDATED }

    /** A new publication with an ISBN gets the id every service derives from that ISBN; one without gets a random id. */
    @Transactional
    public PublicationView create(PublicationDetails details) {
        UUID id = details.isbn() == null ? UUID.randomUUID() : PublicationIds.fromIdentifier(details.isbn());
        if (details.isbn() != null && Publication.findById(id) != null) {
            // the derived id is taken by a publication whose ISBN was since changed: the ISBN itself is free
            id = UUID.randomUUID();
        }
        return save(new Publication(), id, details, true).publication();
    }

    /** Replaces the editable fields; an id the catalogue does not know yet creates the publication under that id. */
    @Transactional
    public Saved replace(UUID id, PublicationDetails details) {
        Publication existing = Publication.findById(id);
        return existing == null ? save(new Publication(), id, details, true) : save(existing, id, details, true);
    }

    /**
     * The stored publication an import wrote and whether it was new; {@code event} is the upserted event the caller
     * must still record (with {@link #recordUpserted}) when it asked to defer it, else null.
     */
    public record Imported(Publication publication, Upserted outcome, PublicationUpserted event) {
    }

    /**
     * An imported record (ONIX product, ODL feed metadata): matched first by ISBN, then by id; a new one is created
     * under {@code id}. Runs in the caller's transaction so an import can write many records in one. A caller that
     * already looked the publication up passes it as {@code known} with {@code lookedUp} true (null: it is new).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Imported upsertImported(UUID id, PublicationDetails details, Publication known, boolean lookedUp) {
        return upsertImported(id, details, known, lookedUp, false);
    }

    /**
     * As above; with {@code deferEvent} the event is returned instead of recorded, so a bulk import can write its
     * rows first (batched) and the events after them, in the same transaction and in the same order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Imported upsertImported(UUID id, PublicationDetails details, Publication known, boolean lookedUp, boolean deferEvent) {
        Publication existing = known;
        if (!lookedUp && details.isbn() != null) {
            existing = Publication.byIsbn(details.isbn()).orElse(null);
        }
        if (!lookedUp && existing == null) {
            existing = Publication.findById(id);
        }
        if (existing != null && details.isbn() == null && existing.isbn != null) {
            // a feed without the ISBN must not erase the one ONIX gave
            details = withIsbn(details, existing.isbn);
        }
        boolean created = existing == null;
        Publication publication = created ? new Publication() : existing;
        PublicationUpserted event = save(publication, created ? id : existing.id, details, false, !deferEvent);
        return new Imported(publication, created ? Upserted.IMPORTED : Upserted.UPDATED, deferEvent ? event : null);
    }

    /** Takes a title out of search and feeds; loans continue. Withdrawing a withdrawn title changes nothing. */
    @Transactional
    public PublicationView withdraw(UUID id, String reason) {
        Publication publication = find(id);
        withdraw(publication, reason);
        return PublicationView.of(publication, availability.of(id));
    }

    /** Withdraws in the caller's transaction; false when it was withdrawn already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean withdraw(Publication publication, String reason) {
        if (publication.withdrawn()) {
            return false;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        publication.status = Publication.Status.WITHDRAWN;
        publication.withdrawnReason = reason;
        publication.withdrawnAt = now;
        publication.updatedAt = now;
        outbox.record(EventTypes.PUBLICATION_WITHDRAWN, publication.id, publication.id,
                new PublicationWithdrawn(publication.id, reason, now));
        return true;
    }

    /**
     * Brings a withdrawn title back: search and feeds show it again, and loan-service takes holds and loans for it
     * (publication-reinstated event, in this transaction). A title that is not withdrawn is refused (409
     * publication-not-withdrawn): reinstating is a decision about a withdrawal, and there is none to undo.
     */
    @Transactional
    public PublicationView reinstate(UUID id) {
        Publication publication = Publication.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (publication == null) {
            throw ProblemException.notFound("publication-not-found", id);
        }
        if (!publication.withdrawn()) {
            throw ProblemException.conflict("publication-not-withdrawn", id);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        publication.status = Publication.Status.ACTIVE;
        publication.withdrawnReason = null;
        publication.withdrawnAt = null;
        publication.updatedAt = now;
        outbox.record(EventTypes.PUBLICATION_REINSTATED, publication.id, publication.id, new PublicationReinstated(publication.id, now));
        return PublicationView.of(publication, availability.of(id));
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

    /**
     * The publications with these ids, with their availability, in the given order (ids not found are left out): one
     * statement, no entities (a search or feed page; see {@link PublicationViews}).
     */
    @Transactional
    public List<PublicationView> views(List<UUID> ids) {
        return views.of(ids);
    }

    /** Records an upserted event an import deferred. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordUpserted(PublicationUpserted event) {
        outbox.record(EventTypes.PUBLICATION_UPSERTED, event.publicationId(), event.publicationId(), event);
    }

    private Saved save(Publication publication, UUID id, PublicationDetails details, boolean checkIsbn) {
        boolean created = publication.id == null;
        save(publication, id, details, checkIsbn, true);
        return new Saved(PublicationView.of(publication, availability.of(publication.id)), created);
    }

    private PublicationUpserted save(Publication publication, UUID id, PublicationDetails details, boolean checkIsbn, boolean recordEvent) {
        boolean created = publication.id == null;
        if (checkIsbn && details.isbn() != null) {
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
            if (checkIsbn) {
                // the API answers a clash as isbn-taken; an import's batch finds it at commit and retries record by record
                publication.flush();
            }
        } catch (PersistenceException e) {
            // another request took the ISBN between our check and this write
            if (violates(e, "publication_isbn_unique")) {
                throw isbnTaken(details.isbn());
            }
            throw e;
        }
        PublicationUpserted event = upserted(publication);
        if (recordEvent) {
            outbox.record(EventTypes.PUBLICATION_UPSERTED, publication.id, publication.id, event);
        }
        return event;
    }

    /** The event, with the description usage reports group and export by (report-service, E-kirjasto's columns). */
    static PublicationUpserted upserted(Publication publication) {
        List<String> contributors = new ArrayList<>();
        publication.contributors.stream().filter(c -> c.has("author")).forEach(c -> contributors.add(c.name()));
        publication.contributors.stream().filter(c -> !c.has("author")).forEach(c -> contributors.add(c.name()));
        List<String> identifiers = new ArrayList<>();
        if (publication.isbn != null) {
            identifiers.add(publication.isbn);
        }
        publication.identifiers.forEach(identifier -> identifiers.add(identifier.value()));
        return new PublicationUpserted(publication.id, publication.title, publication.format.name(), publication.language,
                contributors, publication.audience, fiction(publication.subjects), List.copyOf(publication.subjectTerms),
                publication.publisher, publication.published == null ? null : publication.published.getYear(), identifiers);
    }

    /**
     * Fiction or not, as far as the subjects say: a Thema code under F (fiction) or YF (children's and teenage fiction),
     * or a Kaunokki term (the Finnish fiction thesaurus), is fiction; Thema codes and none of those, non-fiction; no
     * Thema or Kaunokki subject, unknown (null).
     */
    static Boolean fiction(List<Subject> subjects) {
        boolean classified = false;
        for (Subject subject : subjects) {
            if ("kaunokki".equals(subject.scheme())) {
                return true;
            }
            if ("thema".equals(subject.scheme()) && subject.code() != null) {
                classified = true;
                String code = subject.code().trim().toUpperCase(java.util.Locale.ROOT);
                if (code.startsWith("F") || code.startsWith("YF")) {
                    return true;
                }
            }
        }
        return classified ? Boolean.FALSE : null;
    }

    private static PublicationDetails withIsbn(PublicationDetails d, String isbn) {
        return new PublicationDetails(d.title(), d.subtitle(), d.sortTitle(), d.format(), d.language(), d.languages(), isbn,
                d.identifiers(), d.authors(), d.contributors(), d.subjects(), d.audience(), d.series(), d.publisher(),
                d.imprint(), d.description(), d.published(), d.coverUrl(), d.contentUrl(), d.durationSeconds(), d.pages(),
                d.accessibility());
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
