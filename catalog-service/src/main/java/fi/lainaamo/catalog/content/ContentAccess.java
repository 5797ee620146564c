package fi.lainaamo.catalog.content;

import fi.lainaamo.events.ContentLinks;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Who may read content: whoever holds a link loan-service signed for an active loan. There is no token on these
 * requests (reader apps and browsers fetch them directly); a valid, unexpired signature for this publication is the
 * whole permission, checked with the secret both services share.
 */
@ApplicationScoped
public class ContentAccess {

    @Inject
    ContentSettings settings;

    Clock clock = Clock.systemUTC();

    /** A checked link: its expiry and signature, to be repeated on every link the answer contains. */
    public record Grant(UUID publicationId, long expires, String sig) {
        /** Seconds the link still works, for Cache-Control. */
        public long secondsLeft(Instant now) {
            return Math.max(0, expires - now.getEpochSecond());
        }
    }

    /** The grant for a valid link; 403 content-link-invalid for anything else (expired, altered, another title's). */
    public Grant require(UUID publicationId, String expires, String sig) {
        long expiry;
        try {
            expiry = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            throw invalid();
        }
        if (!ContentLinks.verify(settings.signingKey(), publicationId, expiry, sig, clock.instant())) {
            throw invalid();
        }
        return new Grant(publicationId, expiry, sig);
    }

    Instant now() {
        return clock.instant();
    }

    private static ProblemException invalid() {
        return new ProblemException(403, "content-link-invalid");
    }
}
