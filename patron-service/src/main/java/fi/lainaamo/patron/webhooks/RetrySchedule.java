package fi.lainaamo.patron.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a webhook delivery again: the n-th wait of the schedule (by default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h:
 * roughly growing exponentially, about 18 hours in all) after the n-th failed attempt, less up to a fifth at random,
 * so that the deliveries of an endpoint that was away do not all come back in the same second. After the last wait's
 * attempt has failed too there is none: the delivery is dead.
 */
public record RetrySchedule(List<Duration> waits) {

    public RetrySchedule {
        waits = List.copyOf(waits);
    }

    /** The wait after the given number of failed attempts (1 = the first send failed), or empty: give up. */
    public Optional<Duration> after(int failedAttempts) {
        if (failedAttempts < 1 || failedAttempts > waits.size()) {
            return Optional.empty();
        }
        long millis = Math.max(1, waits.get(failedAttempts - 1).toMillis());
        long jitter = millis / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(millis / 5 + 1);
        return Optional.of(Duration.ofMillis(millis - jitter));
    }

    /** Attempts in all: the first and one after each wait. */
    public int maxAttempts() {
        return waits.size() + 1;
    }
}
