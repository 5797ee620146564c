package fi.lainaamo.patron.libraries;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LibraryJoined;
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
import java.util.Optional;
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
