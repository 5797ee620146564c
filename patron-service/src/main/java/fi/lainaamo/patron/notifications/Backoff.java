package fi.lainaamo.patron.notifications;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try an e-mail again: the first retry after {@code first}, doubling after each failed attempt up to
 * {@code max}, less up to a fifth at random so that notices that failed together (an SMTP server that was away) do
 * not all come back in the same second.
 */
public record Backoff(Duration first, Duration max) {

    /** The wait after the given number of failed attempts (1 = the first send failed). */
    public Duration after(int failedAttempts) {
        long firstMillis = Math.max(1, first.toMillis());
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 30));
        long millis = firstMillis << Math.min(doublings, Long.numberOfLeadingZeros(firstMillis) - 1);
        long capped = Math.min(millis, max.toMillis());
        long jitter = capped / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        return Duration.ofMillis(capped - jitter);
    }
}
