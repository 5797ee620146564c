package fi.lainaamo.devinfra.distributor;

import fi.lainaamo.devinfra.distributor.Checkout.Status;
import fi.lainaamo.devinfra.distributor.Notification.Attempt;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * POSTs a loan's new status to its checkout's {@code notification_url}, as ODL asks of a distributor: 204 is the only
 * answer taken as delivered; anything else (another status, no answer) is tried again after a pause that doubles,
 * up to a number of attempts. Every attempt is kept for tests.
 */
final class Notifier {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One notification on its way; its attempts grow as they are made. */
    private static final class Delivery {
        final UUID loanId;
        final String url;
        final Status status;
        final String body;
        final List<Attempt> attempts = new ArrayList<>();
        boolean delivered;

        Delivery(UUID loanId, String url, Status status, String body) {
            this.loanId = loanId;
            this.url = url;
            this.status = status;
            this.body = body;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration firstPause;
    private final List<Delivery> deliveries = new ArrayList<>();

    Notifier(ScheduledExecutorService scheduler, Clock clock, int maxAttempts, Duration firstPause) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.firstPause = firstPause;
    }

    /** Starts telling {@code url} (asynchronously) that the loan is now {@code status}. */
    void send(UUID loanId, String url, Status status, String body) {
        Delivery delivery = new Delivery(loanId, url, status, body);
        synchronized (deliveries) {
            deliveries.add(delivery);
        }
        scheduler.execute(() -> attempt(delivery));
    }

    private void attempt(Delivery delivery) {
        synchronized (deliveries) {
            if (!deliveries.contains(delivery)) {
                return; // forgotten by a reset
            }
        }
        int status = 0;
        String error = null;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url)).timeout(TIMEOUT)
                    .header("Content-Type", OdlDocuments.STATUS_DOCUMENT)
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body)).build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception unreachable) {
            error = unreachable.getClass().getSimpleName() + (unreachable.getMessage() == null ? ""
                    : ": " + unreachable.getMessage());
        }
        int made;
        synchronized (deliveries) {
            delivery.attempts.add(new Attempt(clock.instant(), status, error));
            delivery.delivered = status == 204;
            made = delivery.attempts.size();
        }
        if (status != 204 && made < maxAttempts) {
            long pause = firstPause.toMillis() << (made - 1);
            try {
                scheduler.schedule(() -> attempt(delivery), pause, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // the simulator is closing: no more attempts
            }
        }
    }

    List<Notification> sent() {
        synchronized (deliveries) {
            return deliveries.stream()
                    .map(d -> new Notification(d.loanId, d.url, d.status, d.attempts, d.delivered)).toList();
        }
    }

    void reset() {
        synchronized (deliveries) {
            deliveries.clear();
        }
    }
}
