package fi.lainaamo.patron.patrons;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** A patron's own profile: never the PIN, and the card number only masked. */
@Schema(description = "The patron's profile")
public record PatronView(UUID id, String municipality, UUID libraryId, String language,
                         @Schema(nullable = true, description = "The card number with all but the last four characters hidden; absent for strong identification") String maskedCardNumber,
                         @Schema(nullable = true, description = "Optional e-mail for notifications") String email,
                         Notifications notifications,
                         @Schema(description = "Whether loan-service keeps the patron's loan history") boolean loanHistoryOptIn,
                         @Schema(description = "Blocked by a librarian: no new loans or holds") boolean blocked) {

    /**
     * How the patron wants to hear about ready holds and due loans. In-app is on from registration; e-mail turns on
     * when an address is added (unless the same change says otherwise) and off when it is removed.
     */
    public record Notifications(boolean email, boolean inApp) {
    }

    static PatronView of(Patron p) {
        return new PatronView(p.id, p.municipality, p.libraryId, p.language, p.maskedCardNumber(), p.email,
                new Notifications(p.notifyByEmail, p.notifyInApp), p.loanHistoryOptIn, p.isBlocked());
    }
}
