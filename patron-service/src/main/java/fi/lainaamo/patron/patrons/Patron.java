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

    public static Optional<Patron> withCard(String cardNumber) {
        return find("cardNumber", normalizedCard(cardNumber)).firstResultOptional();
    }

    /** Card numbers are matched without regard to case or surrounding spaces: "ab12345" and "AB12345" are one card. */
    public static String normalizedCard(String cardNumber) {
        return cardNumber == null ? null : cardNumber.strip().toUpperCase(Locale.ROOT);
    }

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    /** The card number with all but its last four characters hidden, for showing back to its owner. */
    public String maskedCardNumber() {
        int shown = Math.min(4, cardNumber.length());
        return "*".repeat(cardNumber.length() - shown) + cardNumber.substring(cardNumber.length() - shown);
    }
}
