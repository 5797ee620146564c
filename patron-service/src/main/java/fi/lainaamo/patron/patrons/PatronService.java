package fi.lainaamo.patron.patrons;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PatronRegistered;
import fi.lainaamo.patron.libraries.Library;
import fi.lainaamo.patron.libraries.LibraryService;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Registration and profiles. A resident is registered only when a library that has joined serves their
 * municipality; the registration and its pseudonymous event commit together.
 */
@ApplicationScoped
public class PatronService {

    @Inject
    LibraryService libraries;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "lainaamo.patrons.pin-cost", defaultValue = "10")
    int pinCost;

    @Transactional
    public PatronView register(NewPatron request) {
        Library library = libraries.serving(request.municipality())
                .orElseThrow(() -> new ProblemException(422, "municipality-not-served",
                        List.of(new ProblemException.Violation("municipality-not-served", "municipality", request.municipality()))));
        if (Patron.withCard(request.cardNumber()).isPresent()) {
            throw cardTaken();
        }
        Patron patron = new Patron();
        patron.id = UUID.randomUUID();
        patron.cardNumber = Patron.normalizedCard(request.cardNumber());
        patron.pinHash = Pins.hash(request.pin(), pinCost);
        patron.municipality = request.municipality();
        patron.libraryId = library.id;
        patron.language = request.language() == null ? "fi" : request.language();
        patron.status = Patron.ACTIVE;
        patron.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        patron.persist();
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw cardTaken(); // the same card registered at the same moment by another request
            }
            throw e;
        }
        outbox.record(EventTypes.PATRON_REGISTERED, patron.id, patron.id,
                new PatronRegistered(patron.id, patron.municipality, patron.libraryId, patron.language));
        return PatronView.of(patron);
    }

    @Transactional
    public PatronView profile(UUID patronId) {
        Patron patron = Patron.findById(patronId);
        if (patron == null) {
            throw ProblemException.notFound("patron-not-found");
        }
        return PatronView.of(patron);
    }

    /** The active patron with this card, for sign-in; the PIN is checked by the caller, outside the transaction. */
    @Transactional
    public Optional<Patron> forSignIn(String cardNumber) {
        return Patron.withCard(cardNumber).filter(Patron::isActive);
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static ProblemException cardTaken() {
        return new ProblemException(409, "card-taken", List.of(new ProblemException.Violation("card-taken", "cardNumber")));
    }
}
