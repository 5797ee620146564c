package fi.lainaamo.patron.patrons;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A patron's own profile: never the PIN, and the card number only masked. */
@Schema(description = "The patron's profile")
public record PatronView(UUID id, String municipality, UUID libraryId, String language,
                         @Schema(nullable = true, description = "The card number with all but the last four characters hidden; absent for strong identification") String maskedCardNumber,
                         @Schema(nullable = true, description = "Optional e-mail for notifications") String email,
                         Notifications notifications,
                         @Schema(description = "Whether loan-service keeps the patron's loan history") boolean loanHistoryOptIn,
                         @Schema(description = "Blocked by a librarian: no new loans or holds") boolean blocked,
                         @Schema(description = "Per occasion (hold-ready, hold-expired, hold-ready-reminder, loan-due, loan-expired, licence-withdrawn) the "
                                 + "channels the patron wants (in-app, email, push); all three unless the patron chose otherwise. A channel "
                                 + "is used only when it is also on in notifications (in-app, e-mail) and can reach the patron (an e-mail "
                                 + "address; a push subscription)", example = "{\"hold-ready\": [\"in-app\", \"email\", \"push\"]}")
                         Map<String, List<String>> notices) {

    /**
     * How the patron wants to hear about ready holds and due loans: master switches over the per-occasion choice
     * ({@code notices}). In-app is on from registration; e-mail turns on when an address is added (unless the same
     * change says otherwise) and off when it is removed.
     */
    public record Notifications(boolean email, boolean inApp) {
    }

    static PatronView of(Patron p, Map<String, List<String>> notices) {
        return new PatronView(p.id, p.municipality, p.libraryId, p.language, p.maskedCardNumber(), p.email,
                new Notifications(p.notifyByEmail, p.notifyInApp), p.loanHistoryOptIn, p.isBlocked(), notices);
    }
}
