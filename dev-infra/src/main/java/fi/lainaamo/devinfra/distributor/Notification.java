package fi.lainaamo.devinfra.distributor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A status change the simulator POSTed to a checkout's {@code notification_url}, with every attempt: it expects 204
 * and tries again, with a growing pause, on anything else, so tests can see a receiver's retries and its answers.
 */
public record Notification(UUID loanId, String url, Checkout.Status status, List<Attempt> attempts, boolean delivered) {

    /** One POST: when, and the HTTP status that came back (0 and an error when none did). */
    public record Attempt(Instant at, int httpStatus, String error) {
    }

    public Notification {
        attempts = List.copyOf(attempts);
    }
}
