package fi.lainaamo.patron.patrons;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.patron.notifications.NoticeExport;
import fi.lainaamo.patron.notifications.PushSubscriptionExport;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Everything Lainaamo holds about a patron (GDPR article 15 and 20), as one JSON document. */
@Schema(description = "The patron's data: the profile and the notices from patron-service, and the loans, holds and history from loan-service")
public record PatronExport(Instant exportedAt, Profile profile,
                           @Schema(implementation = LoanServiceExport.class) JsonNode loans,
                           @Schema(description = "Every notice Lainaamo has for the patron (inbox, e-mail, push), oldest first") List<NoticeExport> notices,
                           @Schema(description = "The patron's Web Push subscriptions, endpoints in full") List<PushSubscriptionExport> pushSubscriptions,
                           @Schema(description = "Per occasion the channels the patron wants (as in the profile's notices)") Map<String, List<String>> noticeChoices) {

    /** What loan-service sends for the export; passed on as it came, described here for readers of the API. */
    @Schema(name = "LoanServiceExport", description = "loan-service's document for the patron, as it sent it: current loans, "
            + "every hold (open and ended) and the finished loans still linked to the patron; empty when it holds nothing")
    public record LoanServiceExport(UUID patronId, List<Map<String, Object>> loans, List<Map<String, Object>> holds,
                                    List<Map<String, Object>> history) {
    }

    /** The profile as stored, including the full card number: it is the patron's own data. */
    public record Profile(
            UUID id,
            @Schema(nullable = true) String cardNumber,
            String municipality,
            UUID libraryId,
            String language,
            @Schema(nullable = true) String email,
            PatronView.Notifications notifications,
            boolean loanHistoryOptIn,
            String status,
            @Schema(nullable = true) String blockReason,
            @Schema(nullable = true) Instant blockedAt,
            boolean strongIdentification,
            Instant registeredAt) {

        static Profile of(Patron p) {
            return new Profile(p.id, p.cardNumber, p.municipality, p.libraryId, p.language, p.email,
                    new PatronView.Notifications(p.notifyByEmail, p.notifyInApp), p.loanHistoryOptIn, p.status, p.blockReason,
                    p.blockedAt, p.oidcSubject != null, p.createdAt);
        }
    }
}
