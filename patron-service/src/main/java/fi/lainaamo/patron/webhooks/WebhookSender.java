package fi.lainaamo.patron.webhooks;

import fi.lainaamo.platform.faults.Outages;
import fi.lainaamo.platform.http.OutboundUrls;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the queued webhook deliveries. It wakes after every commit that queued one and on a periodic sweep (retries,
 * and whatever was queued before a restart). Deliveries are claimed with {@code for update skip locked} in a short
 * transaction of their own (an attempt counted and a lease, so other instances skip them), only the earliest open one
 * per endpoint and partition key (per-endpoint order by key), and only for enabled endpoints; the POST happens with no
 * transaction open, a few at a time; a 2xx marks it sent, anything else (another status, a timeout, a refused URL) sets
 * the next attempt by the {@link RetrySchedule} until it is dead. An endpoint that keeps failing is disabled and the
 * consortium admin gets an e-mail. Secrets and bodies are never logged.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    @Inject
    EntityManager em;

    @Inject
    WebhookUrls urls;

    @Inject
    ReactiveMailer mailer;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "lainaamo.webhooks.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "lainaamo.webhooks.batch-size", defaultValue = "50")
    int batchSize;

    @ConfigProperty(name = "lainaamo.webhooks.parallel-sends", defaultValue = "4")
    int parallelSends;

    @ConfigProperty(name = "lainaamo.webhooks.connect-timeout", defaultValue = "3s")
    Duration connectTimeout;

    @ConfigProperty(name = "lainaamo.webhooks.response-timeout", defaultValue = "10s")
    Duration responseTimeout;

    @ConfigProperty(name = "lainaamo.webhooks.retry-schedule", defaultValue = "5s,5m,30m,2h,5h,10h")
    List<Duration> retryWaits;

    @ConfigProperty(name = "lainaamo.webhooks.disable.after-failures", defaultValue = "20")
    int disableAfterFailures;

    @ConfigProperty(name = "lainaamo.webhooks.disable.failing-for", defaultValue = "12h")
    Duration disableFailingFor;

    @ConfigProperty(name = "lainaamo.webhooks.admin-email")
    Optional<String> adminEmail;

    @ConfigProperty(name = "lainaamo.webhooks.retention", defaultValue = "7d")
    Duration retention;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "webhook-sender"));
    private ExecutorService senders;
    private HttpClient http;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean stopping;

    /** A delivery claimed for one attempt. */
    record Claimed(UUID id, UUID endpointId, UUID eventId, String body, int attempt, String url, List<String> secrets) {
        @Override
        public String toString() {
            return "Claimed[" + id + ", endpoint " + endpointId + ", attempt " + attempt + "]"; // never the secret
        }
    }

    /** How an attempt ended: a status code (null when none came) and, unless 2xx, why in a few words. */
    record Outcome(Integer statusCode, String error) {
        boolean ok() {
            return error == null;
        }
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) WebhookQueued queued) {
        wakeUp();
    }

    void started(@Observes StartupEvent event) {
        senders = Executors.newFixedThreadPool(Math.max(1, parallelSends), r -> new Thread(r, "webhook-post"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could point anywhere: never followed
                .build();
        started = true;
        wakeUp();
    }

    @Scheduled(every = "${lainaamo.webhooks.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        wakeUp();
    }

    /** Forgets deliveries older than the retention (they can no longer be replayed). */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void forgetOld() {
        if (enabled) {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "delete from webhook_delivery where occurred_at < now() - make_interval(secs => ?1) and status in ('sent', 'dead')")
                    .setParameter(1, (double) retention.toSeconds()).executeUpdate());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        worker.shutdown();
        if (senders != null) {
            senders.shutdown();
        }
    }

    /** Asks for a sending run; runs asked for while one is queued collapse into it. */
    public void wakeUp() {
        if (enabled && started && !stopping && !worker.isShutdown() && wakeUpPending.compareAndSet(false, true)) {
            try {
                worker.submit(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                wakeUpPending.set(false);
            }
        }
    }

    private void drain() {
        wakeUpPending.set(false);
        try {
            List<Claimed> batch;
            do {
                batch = claim();
                if (stopping) {
                    return; // claimed but not tried: the lease ends and they go after the restart
                }
                CompletableFuture.allOf(batch.stream().map(d -> CompletableFuture.runAsync(() -> deliver(d), senders))
                        .toArray(CompletableFuture[]::new)).join();
            } while (batch.size() == batchSize);
            tellAdmin();
        } catch (RuntimeException e) {
            LOG.warnf("webhook sender will try again: %s", Outages.summary(e));
        }
    }

    /** Claims due deliveries: the earliest open one per endpoint and key, one attempt counted each, and a lease. */
    List<Claimed> claim() {
        double leaseSeconds = connectTimeout.plus(responseTimeout).multipliedBy(2).plusSeconds(30).toMillis() / 1000.0;
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("with due as (select d.id from webhook_delivery d "
                            + "join webhook_endpoint e on e.id = d.endpoint_id and e.status = 'enabled' "
                            + "where d.status in ('pending', 'failed') and d.next_attempt_at <= now() "
                            + "and not exists (select 1 from webhook_delivery o where o.endpoint_id = d.endpoint_id "
                            + "and o.partition_key = d.partition_key and o.status in ('pending', 'failed') and o.seq < d.seq) "
                            + "order by d.next_attempt_at, d.seq limit ?1 for update of d skip locked) "
                            + "update webhook_delivery d set attempts = d.attempts + 1, last_attempt_at = now(), "
                            + "next_attempt_at = now() + make_interval(secs => ?2) from due, webhook_endpoint e "
                            + "where d.id = due.id and e.id = d.endpoint_id "
                            + "returning d.id, d.endpoint_id, d.event_id, d.body, d.attempts, e.url, e.secret, "
                            + "case when e.previous_secret_until > now() then e.previous_secret end")
                    .setParameter(1, batchSize)
                    .setParameter(2, leaseSeconds)
                    .getResultList();
            return rows.stream().map(r -> new Claimed((UUID) r[0], (UUID) r[1], (UUID) r[2], (String) r[3], ((Number) r[4]).intValue(),
                    (String) r[5], r[7] == null ? List.of((String) r[6]) : List.of((String) r[6], (String) r[7]))).toList();
        });
    }

    private void deliver(Claimed delivery) {
        Outcome outcome;
        try {
            outcome = post(delivery);
        } catch (RuntimeException e) {
            outcome = new Outcome(null, "error: " + Outages.summary(e));
        }
        try {
            if (outcome.ok()) {
                sent(delivery, outcome);
            } else {
                failed(delivery, outcome);
            }
        } catch (RuntimeException e) {
            // the lease set when it was claimed brings it back
            LOG.warnf("webhook delivery %s could not be recorded: %s", delivery.id(), Outages.summary(e));
        }
    }

    /** One POST, signed per Standard Webhooks; the URL is checked again, since a name can resolve elsewhere now. */
    Outcome post(Claimed delivery) {
        Optional<OutboundUrls.Refusal> refusal = urls.refusal(delivery.url());
        if (refusal.isPresent()) {
            return new Outcome(null, "url refused: " + refusal.get().code);
        }
        long timestamp = Instant.now().getEpochSecond();
        String id = delivery.eventId().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(responseTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Lainaamo-Webhooks/1")
                .header("webhook-id", id)
                .header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", WebhookSignature.sign(delivery.secrets(), id, timestamp, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? new Outcome(status, null) : new Outcome(status, "HTTP " + status);
        } catch (HttpTimeoutException timeout) {
            return new Outcome(null, "timeout");
        } catch (ConnectException refused) {
            return new Outcome(null, "connection failed");
        } catch (IOException e) {
            return new Outcome(null, "I/O error: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        }
    }

    private void sent(Claimed delivery, Outcome outcome) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update webhook_delivery set status = 'sent', sent_at = now(), next_attempt_at = null, last_status_code = ?2, "
                            + "last_error = null where id = ?1")
                    .setParameter(1, delivery.id()).setParameter(2, outcome.statusCode()).executeUpdate();
            em.createNativeQuery("update webhook_endpoint set consecutive_failures = 0, failing_since = null where id = ?1 and consecutive_failures > 0")
                    .setParameter(1, delivery.endpointId()).executeUpdate();
        });
        metrics.counter("lainaamo.webhooks.deliveries", "outcome", "sent").increment();
    }

    private void failed(Claimed delivery, Outcome outcome) {
        Optional<Duration> wait = new RetrySchedule(retryWaits).after(delivery.attempt());
        boolean disabled = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("update webhook_delivery set status = ?2, next_attempt_at = now() + make_interval(secs => ?3), "
                            + "last_status_code = nullif(?4, 0), last_error = ?5 where id = ?1")
                    .setParameter(1, delivery.id())
                    .setParameter(2, wait.isPresent() ? "failed" : "dead")
                    .setParameter(3, wait.map(w -> w.toMillis() / 1000.0).orElse(0.0))
                    .setParameter(4, outcome.statusCode() == null ? 0 : outcome.statusCode())
                    .setParameter(5, outcome.error())
                    .executeUpdate();
            if (wait.isEmpty()) {
                em.createNativeQuery("update webhook_delivery set next_attempt_at = null where id = ?1").setParameter(1, delivery.id()).executeUpdate();
            }
            // the endpoint's failure count; disabled when a delivery died, or when failing long and often enough
            @SuppressWarnings("unchecked")
            List<Object> changed = em.createNativeQuery("update webhook_endpoint set consecutive_failures = consecutive_failures + 1, "
                            + "failing_since = coalesce(failing_since, now()), "
                            + "status = case when status = 'enabled' and (?2 or (consecutive_failures + 1 >= ?3 "
                            + "and coalesce(failing_since, now()) <= now() - make_interval(secs => ?4))) then 'disabled' else status end "
                            + "where id = ?1 returning status")
                    .setParameter(1, delivery.endpointId())
                    .setParameter(2, wait.isEmpty())
                    .setParameter(3, disableAfterFailures)
                    .setParameter(4, (double) disableFailingFor.toSeconds())
                    .getResultList();
            if (!changed.isEmpty() && "disabled".equals(changed.get(0))) {
                return em.createNativeQuery("update webhook_endpoint set disabled_at = now(), disabled_reason = ?2, admin_told_at = null "
                                + "where id = ?1 and disabled_at is null")
                        .setParameter(1, delivery.endpointId())
                        .setParameter(2, wait.isEmpty() ? "dead-delivery" : "keeps-failing")
                        .executeUpdate() == 1;
            }
            return false;
        });
        metrics.counter("lainaamo.webhooks.deliveries", "outcome", wait.isPresent() ? "retry" : "dead").increment();
        if (disabled) {
            LOG.warnf("webhook endpoint %s disabled after repeated failure (last: %s)", delivery.endpointId(), outcome.error());
        }
    }

    /** E-mails the consortium admin about endpoints the sender disabled, once each; tried again on the next run. */
    void tellAdmin() {
        @SuppressWarnings("unchecked")
        List<Object[]> untold = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select e.id, e.client_id, a.name, e.disabled_reason, e.disabled_at, e.url from webhook_endpoint e "
                                + "join partner_app a on a.client_id = e.client_id where e.status = 'disabled' and e.admin_told_at is null "
                                + "order by e.disabled_at limit 20")
                .getResultList());
        for (Object[] row : untold) {
            UUID id = (UUID) row[0];
            if (adminEmail.isPresent() && !adminEmail.get().isBlank()) {
                URI url = URI.create((String) row[5]);
                String text = "A webhook endpoint was disabled because its deliveries kept failing.\n\n"
                        + "Endpoint: " + id + "\nPartner app: " + row[2] + " (" + row[1] + ")\nReceiver host: " + url.getHost()
                        + "\nReason: " + row[3] + "\nDisabled at: " + Webhooks.instant(row[4]) + "\n\n"
                        + "The deliveries that were waiting stay queued. The app (or an admin) re-enables it with "
                        + "PATCH /v1/webhooks/" + id + " {\"enabled\": true} once the receiver works, and can replay what died.\n";
                try {
                    mailer.send(Mail.withText(adminEmail.get(), "Lainaamo: webhook endpoint disabled (" + row[1] + ")", text)
                            .addHeader("X-Lainaamo-Webhook", id.toString())).await().atMost(Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    LOG.warnf("the admin notice about disabled webhook endpoint %s will be tried again: %s", id, Outages.summary(e));
                    continue;
                }
            } else {
                LOG.warnf("webhook endpoint %s is disabled; no lainaamo.webhooks.admin-email to tell", id);
            }
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update webhook_endpoint set admin_told_at = now() where id = ?1")
                    .setParameter(1, id).executeUpdate());
        }
    }
}
