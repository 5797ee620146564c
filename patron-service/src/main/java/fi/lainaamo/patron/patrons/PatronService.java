package fi.lainaamo.patron.patrons;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PatronBlocked;
import fi.lainaamo.events.PatronErased;
import fi.lainaamo.events.PatronRegistered;
import fi.lainaamo.events.PatronUnblocked;
import fi.lainaamo.events.PatronUpdated;
import fi.lainaamo.patron.gdpr.Erasures;
import fi.lainaamo.patron.notifications.NoticeChoices;
import fi.lainaamo.patron.notifications.Notices;
import fi.lainaamo.patron.webhooks.WebhookFanOut;
import fi.lainaamo.patron.tokens.RefreshTokens;
import fi.lainaamo.patron.tokens.SignInFailures;
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

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    SignInFailures signInFailures;

    @Inject
    Erasures erasures;

    @Inject
    Notices notices;

    @Inject
    WebhookFanOut webhooks;

    @Inject
    NoticeChoices noticeChoices;

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
        return PatronView.of(patron, noticeChoices.of(patron.id));
    }

    /** The patron who signs in with strong identification ("issuer|subject"), if they have before. */
    @Transactional
    public Optional<Patron> forStrongIdentification(String providerSubject) {
        return Patron.withOidcSubject(providerSubject).filter(Patron::isActive);
    }

    /** First strong-identification sign-in: registers the resident without card or PIN. */
    @Transactional
    public Patron registerStrong(String providerSubject, String municipality, String language) {
        Library library = libraries.serving(municipality)
                .orElseThrow(() -> new ProblemException(422, "municipality-not-served",
                        List.of(new ProblemException.Violation("municipality-not-served", "municipality", municipality))));
        Patron patron = new Patron();
        patron.id = UUID.randomUUID();
        patron.oidcSubject = providerSubject;
        patron.municipality = municipality;
        patron.libraryId = library.id;
        patron.language = language;
        patron.status = Patron.ACTIVE;
        patron.createdAt = now();
        patron.persist();
        outbox.record(EventTypes.PATRON_REGISTERED, patron.id, patron.id,
                new PatronRegistered(patron.id, patron.municipality, patron.libraryId, patron.language));
        return patron;
    }

    @Transactional
    public PatronView profile(UUID patronId) {
        Patron patron = Patron.findById(patronId);
        if (patron == null) {
            throw ProblemException.notFound("patron-not-found");
        }
        return PatronView.of(patron, noticeChoices.of(patron.id));
    }

    /** The patron changes their own profile; other services hear of the language and the loan-history opt-in. */
    @Transactional
    public PatronView change(UUID patronId, ProfileChange change) {
        Patron patron = existing(patronId);
        boolean hadEmail = patron.email != null;
        if (change.language() != null) {
            patron.language = change.language();
        }
        if (change.email() != null) {
            patron.email = change.email().isBlank() ? null : change.email().strip();
        }
        if (change.notifications() != null) {
            patron.notifyByEmail = change.notifications().email();
            patron.notifyInApp = change.notifications().inApp();
        } else if (change.email() != null) {
            // the default: e-mail notices whenever there is an address to send them to
            patron.notifyByEmail = patron.email != null && (!hadEmail || patron.notifyByEmail);
        }
        if (change.loanHistoryOptIn() != null) {
            patron.loanHistoryOptIn = change.loanHistoryOptIn();
        }
        if (patron.notifyByEmail && patron.email == null) {
            throw new ProblemException(422, "email-required",
                    List.of(new ProblemException.Violation("email-required", "notifications.email")));
        }
        noticeChoices.change(patron.id, change.notices());
        updated(patron);
        return PatronView.of(patron, noticeChoices.of(patron.id));
    }

    /** Records a PatronUpdated event: only the pseudonymous id and what other services need. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void updated(Patron patron) {
        outbox.record(EventTypes.PATRON_UPDATED, patron.id, patron.id,
                new PatronUpdated(patron.id, patron.municipality, patron.libraryId, patron.language, patron.loanHistoryOptIn));
    }

    /** A librarian looks a card up; a card of another library is "not found", so cards elsewhere are not revealed. */
    @Transactional
    public PatronRecord findByCard(String cardNumber, StaffScope scope) {
        return Patron.withCard(cardNumber).filter(scope::covers).map(PatronRecord::of)
                .orElseThrow(() -> ProblemException.notFound("patron-not-found"));
    }

    @Transactional
    public PatronRecord find(UUID patronId, StaffScope scope) {
        return PatronRecord.of(inScope(patronId, scope));
    }

    /** Blocks the patron: loan-service refuses new loans and holds once it sees the event; refresh tokens end now. */
    @Transactional
    public PatronRecord block(UUID patronId, String reason, StaffScope scope) {
        if (reason == null || reason.isBlank()) {
            throw new ProblemException(400, "reason-required", List.of(new ProblemException.Violation("reason-required", "reason")));
        }
        Patron patron = inScope(patronId, scope);
        patron.blockReason = reason.strip();
        patron.blockedBy = scope.staffId();
        if (!patron.isBlocked()) {
            patron.status = Patron.BLOCKED;
            patron.blockedAt = now();
            outbox.record(EventTypes.PATRON_BLOCKED, patron.id, patron.id, new PatronBlocked(patron.id, patron.libraryId, patron.blockedAt));
        }
        refreshTokens.revokeAll(patron.id.toString());
        return PatronRecord.of(patron);
    }

    @Transactional
    public PatronRecord unblock(UUID patronId, StaffScope scope) {
        Patron patron = inScope(patronId, scope);
        if (patron.isBlocked()) {
            patron.status = Patron.ACTIVE;
            patron.blockReason = null;
            patron.blockedAt = null;
            patron.blockedBy = null;
            outbox.record(EventTypes.PATRON_UNBLOCKED, patron.id, patron.id, new PatronUnblocked(patron.id, patron.libraryId, now()));
        }
        return PatronRecord.of(patron);
    }

    /** What patron-service holds about the patron, for the GDPR export: everything, the card number in full. */
    @Transactional
    public PatronExport.Profile exportProfile(UUID patronId) {
        return PatronExport.Profile.of(existing(patronId));
    }

    /**
     * Erasure: the patron's row (card number, PIN hash, e-mail, provider subject), their refresh tokens, their
     * notices and the partners' webhook deliveries about them are deleted at once; a PatronErased event asks every other service to do the same.
     */
    @Transactional
    public Erasures.Requested erase(UUID patronId) {
        Patron patron = existing(patronId);
        String card = patron.cardNumber;
        refreshTokens.deleteAll(patron.id.toString());
        notices.erase(patron.id); // the inbox, and e-mails not yet sent
        webhooks.erase(patron.id); // partners' webhook deliveries about them (pseudonymous), queued or kept for replay
        patron.delete();
        Erasures.Requested requested = erasures.start(patronId);
        if (card != null) {
            signInFailures.erased(SignInFailures.cardHash(card));
        }
        // events about the patron still waiting in the outbox go out first (the relay deletes each row once published)
        outbox.record(EventTypes.PATRON_ERASED, patronId, patronId, new PatronErased(requested.erasureId(), patronId, requested.requestedAt()));
        return requested;
    }

    private Patron existing(UUID patronId) {
        Patron patron = Patron.findById(patronId);
        if (patron == null) {
            throw ProblemException.notFound("patron-not-found");
        }
        return patron;
    }

    // another library's patron answers exactly like a patron that does not exist
    private Patron inScope(UUID patronId, StaffScope scope) {
        Patron patron = Patron.findById(patronId);
        if (patron == null || !scope.covers(patron)) {
            throw ProblemException.notFound("patron-not-found");
        }
        return patron;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The patron a refresh token belongs to, if they still exist (an erased patron's tokens are gone anyway). */
    @Transactional
    public Optional<Patron> forRefresh(UUID patronId) {
        return Optional.ofNullable(Patron.<Patron>findById(patronId)).filter(Patron::isActive);
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
