package fi.lainaamo.patron.patrons;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** A registered patron: who they are to Lainaamo is the UUID; the card number is only their sign-in name. */
@Entity
@Table(name = "patron")
public class Patron extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String BLOCKED = "blocked";

    @Id
    public UUID id;
    /** Upper case, as printed on the card; personal data, never logged or put in an event. */
    @Column(name = "card_number")
    public String cardNumber;
    @Column(name = "pin_hash")
    public String pinHash;
    public String municipality;
    @Column(name = "library_id")
    public UUID libraryId;
    public String language;
    public String status;
    @Column(name = "created_at")
    public Instant createdAt;
    /** Optional; personal data, never logged or put in an event. */
    public String email;
    @Column(name = "notify_by_email")
    public boolean notifyByEmail;
    @Column(name = "notify_in_app")
    public boolean notifyInApp = true;
    @Column(name = "loan_history_opt_in")
    public boolean loanHistoryOptIn;
    /** The external identity provider's subject, for patrons who sign in with strong identification. */
    @Column(name = "oidc_subject")
    public String oidcSubject;
    /** Why a librarian blocked the patron; stays in patron-service, never in an event. */
    @Column(name = "block_reason")
    public String blockReason;
    @Column(name = "blocked_at")
    public Instant blockedAt;
    @Column(name = "blocked_by")
    public String blockedBy;

    public static Optional<Patron> withCard(String cardNumber) {
        return find("cardNumber", normalizedCard(cardNumber)).firstResultOptional();
    }

    /** Card numbers are matched without regard to case or surrounding spaces: "ab12345" and "AB12345" are one card. */
    public static String normalizedCard(String cardNumber) {
        return cardNumber == null ? null : cardNumber.strip().toUpperCase(Locale.ROOT);
    }

    public static Optional<Patron> withOidcSubject(String subject) {
        return find("oidcSubject", subject).firstResultOptional();
    }

    /** Patrons living in the municipality, for moving them when their municipality moves to another library. */
    public static java.util.List<Patron> livingIn(String municipality) {
        return list("municipality = ?1 order by id", municipality);
    }

    /** Whether the patron may sign in: active and blocked patrons can (a blocked one still reads and returns). */
    public boolean isActive() {
        return ACTIVE.equals(status) || BLOCKED.equals(status);
    }

    public boolean isBlocked() {
        return BLOCKED.equals(status);
    }

    /** The card number with all but its last four characters hidden, for showing back to its owner. */
    public String maskedCardNumber() {
        if (cardNumber == null) {
            return null;
        }
        int shown = Math.min(4, cardNumber.length());
        return "*".repeat(cardNumber.length() - shown) + cardNumber.substring(cardNumber.length() - shown);
    }
}
