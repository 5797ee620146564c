package fi.lainaamo.patron.libraries;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LibraryChanged;
import fi.lainaamo.events.LibraryJoined;
import fi.lainaamo.events.LibraryLeft;
import fi.lainaamo.events.PatronUpdated;
import fi.lainaamo.patron.patrons.Patron;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** Libraries joining Lainaamo, and which library serves a municipality. */
@ApplicationScoped
public class LibraryService {

    /** Join dates and "today" are Finnish calendar days, whatever the server's time zone. */
    public static final ZoneId FINLAND = ZoneId.of("Europe/Helsinki");

    // serializes library creation so that a taken municipality is answered with its code, not a key violation
    private static final long LIBRARY_LOCK = 0x4c49425241525953L; // "LIBRARYS"

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Transactional
    public LibraryView join(NewLibrary request) {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, LIBRARY_LOCK).getSingleResult();
        TreeSet<String> municipalities = new TreeSet<>(request.municipalities());
        List<String> taken = Library.taken(municipalities);
        if (!taken.isEmpty()) {
            throw new ProblemException(409, "municipality-taken",
                    List.of(new ProblemException.Violation("municipality-taken", "municipalities", String.join(", ", taken))));
        }
        Library library = new Library();
        library.id = UUID.randomUUID();
        library.nameFi = request.names().fi().strip();
        library.nameSv = blankToNull(request.names().sv());
        library.nameEn = blankToNull(request.names().en());
        library.joinDate = request.joinDate() != null ? request.joinDate() : today();
        library.status = Library.ACTIVE;
        library.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        library.municipalities = municipalities;
        library.persist();
        outbox.record(EventTypes.LIBRARY_JOINED, library.id, library.id,
                new LibraryJoined(library.id, List.copyOf(municipalities), library.joinDate));
        return LibraryView.of(library, today());
    }

    /**
     * The library leaves: from {@code leftOn} its residents cannot register or borrow (loan-service learns it from
     * library left); loans already made run to their end. Its municipalities stay with it until moved elsewhere.
     */
    @Transactional
    public LibraryView leave(UUID id, LeaveRequest request) {
        Library library = existing(id);
        if (library.leftOn != null && !library.leftOn.isAfter(today())) {
            throw ProblemException.conflict("library-left", id);
        }
        library.leftOn = request != null && request.leftOn() != null ? request.leftOn() : today();
        library.status = Library.LEFT;
        outbox.record(EventTypes.LIBRARY_LEFT, library.id, library.id, new LibraryLeft(library.id, library.leftOn));
        return LibraryView.of(library, today());
    }

    /**
     * Sets the municipalities a library serves. A municipality belongs to one library at a time: one that another
     * library has moves here only when asked to, and its patrons move with it (patron updated for each, library
     * changed for both libraries). A municipality with patrons cannot simply be dropped: they would have no library.
     */
    @Transactional
    public LibraryView changeMunicipalities(UUID id, MunicipalityChange change) {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, LIBRARY_LOCK).getSingleResult();
        Library library = existing(id);
        TreeSet<String> wanted = new TreeSet<>(change.municipalities());
        Map<String, Library> held = new TreeMap<>();
        for (Object[] row : Library.heldByOthers(wanted, id)) {
            held.put((String) row[0], (Library) row[1]);
        }
        if (!held.isEmpty() && !change.moveFromOtherLibraries()) {
            throw new ProblemException(409, "municipality-taken",
                    List.of(new ProblemException.Violation("municipality-taken", "municipalities", String.join(", ", held.keySet()))));
        }
        Set<String> dropped = new TreeSet<>(library.municipalities);
        dropped.removeAll(wanted);
        List<String> withPatrons = dropped.stream().filter(code -> Patron.count("municipality", code) > 0).toList();
        if (!withPatrons.isEmpty()) {
            throw new ProblemException(409, "municipality-has-patrons",
                    List.of(new ProblemException.Violation("municipality-has-patrons", "municipalities", String.join(", ", withPatrons))));
        }
        Set<Library> losing = new LinkedHashSet<>(held.values());
        em.flush();
        // native statements, so that a code is never in two rows at once (the primary key forbids it)
        if (!dropped.isEmpty()) {
            em.createNativeQuery("delete from library_municipality where library_id = ?1 and code in (?2)")
                    .setParameter(1, id).setParameter(2, dropped).executeUpdate();
        }
        if (!held.isEmpty()) {
            em.createNativeQuery("update library_municipality set library_id = ?1 where code in (?2)")
                    .setParameter(1, id).setParameter(2, held.keySet()).executeUpdate();
        }
        for (String code : wanted) {
            em.createNativeQuery("insert into library_municipality (code, library_id) values (?1, ?2) on conflict (code) do nothing")
                    .setParameter(1, code).setParameter(2, id).executeUpdate();
        }
        em.refresh(library);
        for (Library other : losing) {
            em.refresh(other);
            outbox.record(EventTypes.LIBRARY_CHANGED, other.id, other.id,
                    new LibraryChanged(other.id, List.copyOf(other.municipalities), other.joinDate, LibraryView.of(other, today()).status()));
        }
        for (String code : held.keySet()) {
            for (Patron patron : Patron.livingIn(code)) {
                patron.libraryId = id;
                outbox.record(EventTypes.PATRON_UPDATED, patron.id, patron.id,
                        new PatronUpdated(patron.id, patron.municipality, patron.libraryId, patron.language, patron.loanHistoryOptIn));
            }
        }
        LibraryView view = LibraryView.of(library, today());
        outbox.record(EventTypes.LIBRARY_CHANGED, library.id, library.id,
                new LibraryChanged(library.id, view.municipalities(), library.joinDate, view.status()));
        return view;
    }

    private Library existing(UUID id) {
        Library library = Library.findById(id);
        if (library == null) {
            throw ProblemException.notFound("library-not-found", id);
        }
        return library;
    }

    @Transactional
    public List<LibraryView> all() {
        LocalDate today = today();
        return Library.byName().stream().map(l -> LibraryView.of(l, today)).toList();
    }

    @Transactional
    public LibraryView get(UUID id) {
        Library library = Library.findById(id);
        if (library == null) {
            throw ProblemException.notFound("library-not-found", id);
        }
        return LibraryView.of(library, today());
    }

    /** The library serving the municipality's residents today, if its library has joined and its join date has come. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Library> serving(String municipality) {
        LocalDate today = today();
        return Library.having(municipality).filter(l -> l.serves(today));
    }

    public static LocalDate today() {
        return LocalDate.now(FINLAND);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
