package fi.lainaamo.patron.notifications;

import fi.lainaamo.platform.faults.Outages;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The queue of one sending channel (e-mail, push): the notices of that channel with status pending, sent after the
 * commit that wrote them. One worker thread per channel and instance runs when woken (after such a commit, on a
 * sweep, at start). Each notice is first claimed in a short transaction of its own (an attempt counted, and a lease:
 * other instances skip it until the lease ends); the delivery itself runs with no transaction or connection open;
 * the notice is marked sent only after the channel accepted it. A refusal or timeout sets the next attempt with
 * {@link Backoff} until the last attempt, after which it is failed; a channel that can tell that retrying will never
 * help fails or skips it at once. Failure texts pass through the channel's blotter before they are stored or logged.
 */
final class SendingQueue {

    private static final Logger LOG = Logger.getLogger(SendingQueue.class);

    /** How one attempt ended. */
    enum Result { SENT, SKIPPED, RETRY, FAILED }

    record Outcome(Result result, String error) {
        static Outcome sent() {
            return new Outcome(Result.SENT, null);
        }

        static Outcome skipped(String why) {
            return new Outcome(Result.SKIPPED, why);
        }

        static Outcome retry(String why) {
            return new Outcome(Result.RETRY, why);
        }

        static Outcome failed(String why) {
            return new Outcome(Result.FAILED, why);
        }
    }

    /**
     * A notice claimed for one attempt. No contact details: the channel reads them at send time. {@code dueAt} is when
     * it was due: notices gathered together share it ({@link Notices#tell}).
     */
    record Claimed(UUID id, Occasion occasion, UUID publicationId, Instant at, int attempt, UUID patronId, String language,
                   UUID subscriptionId, Instant dueAt, Boolean renewable) {
    }

    /**
     * Sends claimed notices gathered together (one patron, one subscription, one due time) as one message; runs with
     * no transaction open. A RuntimeException counts as {@link Result#RETRY}. The outcome is the whole group's.
     */
    @FunctionalInterface
    interface Delivery {
        Outcome deliver(List<Claimed> gathered);
    }

    record Settings(boolean enabled, int batchSize, Duration sendTimeout, Duration firstRetry, Duration maxBackoff, int maxAttempts,
                    Duration sweepInterval) {
    }

    private final Channel channel;
    private final Settings settings;
    private final EntityManager em;
    private final MeterRegistry metrics;
    private final Delivery delivery;
    private final UnaryOperator<String> blot;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean stopping;

    SendingQueue(Channel channel, Settings settings, EntityManager em, MeterRegistry metrics, Delivery delivery, UnaryOperator<String> blot) {
        this.channel = channel;
        this.settings = settings;
        this.em = em;
        this.metrics = metrics;
        this.delivery = delivery;
        this.blot = blot;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, channel.code + "-sender"));
    }

    void start() {
        started = true;
        wakeUp();
    }

    void stop() {
        stopping = true;
        worker.shutdown();
    }

    boolean stopping() {
        return stopping;
    }

    /** Asks for a sending run; runs asked for while one is queued collapse into it. */
    void wakeUp() {
        if (settings.enabled() && started && !stopping && !worker.isShutdown() && wakeUpPending.compareAndSet(false, true)) {
            try {
                worker.submit(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
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
                for (List<Claimed> gathered : gathered(batch)) {
                    if (stopping) {
                        return; // claimed but not tried: the lease ends and it is sent after the restart
                    }
                    attempt(gathered);
                }
            } while (batch.size() >= settings.batchSize());
            wakeUpWhenNextDue();
        } catch (RuntimeException e) {
            LOG.warnf("%s sender will try again: %s", channel.code, blot.apply(Outages.summary(e)));
        }
    }

    /**
     * The claimed notices gathered together (one patron, one subscription, one due time), in claiming order: each group
     * is one message. Notices due at different times are not combined even when claimed at once, so what goes
     * together is decided when they are written, not by when the sender happens to run.
     */
    static List<List<Claimed>> gathered(List<Claimed> batch) {
        Map<List<Object>, List<Claimed>> groups = new LinkedHashMap<>();
        for (Claimed notice : batch) {
            List<Object> key = java.util.Arrays.asList(notice.patronId(), notice.subscriptionId(), notice.dueAt());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(notice);
        }
        return List.copyOf(groups.values());
    }

    /**
     * A gathering notice (or a retry) falls due before the next sweep: wake up then, so the gathering window, not the
     * sweep interval, decides how soon it goes.
     */
    private void wakeUpWhenNextDue() {
        Object next = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select extract(epoch from (min(next_attempt_at) - now())) from notice where channel = ?1 and status = 'pending'")
                .setParameter(1, channel.code).getSingleResult());
        if (next == null || stopping) {
            return;
        }
        long inMillis = Math.max(0, (long) (((Number) next).doubleValue() * 1000)) + 50;
        if (inMillis < settings.sweepInterval().toMillis()) {
            try {
                worker.schedule(this::wakeUp, inMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                // the sweep after the restart sends it
            }
        }
    }

    /** Claims due notices: one attempt counted each, and a lease long enough for the send to end. */
    List<Claimed> claim() {
        double leaseSeconds = settings.sendTimeout().multipliedBy(2).plusSeconds(30).toMillis() / 1000.0;
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("with due as (select id, next_attempt_at as due_at from notice where channel = ?3 and status = 'pending' "
                            + "and next_attempt_at <= now() order by next_attempt_at, id limit ?1 for update skip locked) "
                            + "update notice n set attempts = n.attempts + 1, next_attempt_at = now() + make_interval(secs => ?2) "
                            + "from due, patron p where n.id = due.id and p.id = n.patron_id "
                            + "returning n.id, n.occasion, n.publication_id, n.occasion_at, n.attempts, n.patron_id, p.language, n.push_subscription_id, due.due_at, n.renewable")
                    .setParameter(1, settings.batchSize())
                    .setParameter(2, leaseSeconds)
                    .setParameter(3, channel.code)
                    .getResultList();
            return rows.stream().map(r -> new Claimed((UUID) r[0], Occasion.of((String) r[1]), (UUID) r[2], Notices.instant(r[3]),
                    ((Number) r[4]).intValue(), (UUID) r[5], (String) r[6], (UUID) r[7], Notices.instant(r[8]), (Boolean) r[9])).toList();
        });
    }

    private void attempt(List<Claimed> gathered) {
        Outcome outcome;
        try {
            outcome = delivery.deliver(gathered);
        } catch (RuntimeException refused) {
            outcome = Outcome.retry(Outages.summary(refused));
        }
        // one next attempt for the whole group, so it stays one message when it is tried again
        Instant next = Instant.now().plus(new Backoff(settings.firstRetry(), settings.maxBackoff()).after(gathered.get(0).attempt()));
        for (Claimed notice : gathered) {
            switch (outcome.result()) {
                case SENT -> sent(notice);
                case SKIPPED -> {
                    finish(notice, "update notice set status = 'skipped', next_attempt_at = null, last_error = ?2 where id = ?1", blot.apply(outcome.error()));
                    count("skipped");
                }
                case FAILED -> giveUp(notice, blot.apply(outcome.error()));
                case RETRY -> retry(notice, blot.apply(outcome.error()), next);
            }
        }
    }

    /** The channel has it: record it, trying a few times, for a notice not marked sent would go again. */
    private void sent(Claimed notice) {
        for (int attempt = 1; ; attempt++) {
            try {
                finish(notice, "update notice set status = 'sent', sent_at = now(), next_attempt_at = null, last_error = null where id = ?1", null);
                count("sent");
                return;
            } catch (RuntimeException e) {
                if (attempt >= 6 || stopping) {
                    LOG.errorf("%s notice %s was accepted but could not be marked sent; it goes again when its lease ends: %s",
                            channel.code, notice.id(), blot.apply(Outages.summary(e)));
                    return;
                }
                pause(Duration.ofMillis(250L << attempt));
            }
        }
    }

    private void retry(Claimed notice, String why, Instant next) {
        if (notice.attempt() >= settings.maxAttempts()) {
            giveUp(notice, why);
            return;
        }
        try {
            Duration wait = Duration.between(Instant.now(), next);
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "update notice set next_attempt_at = ?2, last_error = ?3 where id = ?1 and status = 'pending'")
                    .setParameter(1, notice.id()).setParameter(2, java.sql.Timestamp.from(next)).setParameter(3, why).executeUpdate());
            count("retry");
            LOG.warnf("%s notice %s was not accepted (attempt %d of %d), next try in %s: %s", channel.code, notice.id(), notice.attempt(),
                    settings.maxAttempts(), wait, why);
        } catch (RuntimeException e) {
            // the lease set when it was claimed brings it back anyway
            LOG.warnf("%s notice %s was not accepted and its next attempt could not be recorded: %s", channel.code, notice.id(),
                    blot.apply(Outages.summary(e)));
        }
    }

    private void giveUp(Claimed notice, String why) {
        try {
            finish(notice, "update notice set status = 'failed', next_attempt_at = null, last_error = ?2 where id = ?1", why);
            count("failed");
            LOG.errorf("%s notice %s gave up after %d attempts: %s", channel.code, notice.id(), notice.attempt(), why);
        } catch (RuntimeException e) {
            LOG.warnf("%s notice %s could not be marked failed: %s", channel.code, notice.id(), blot.apply(Outages.summary(e)));
        }
    }

    private void finish(Claimed notice, String update, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            jakarta.persistence.Query query = em.createNativeQuery(update + " and status = 'pending'").setParameter(1, notice.id());
            if (update.contains("?2")) {
                query.setParameter(2, error == null ? "-" : error);
            }
            query.executeUpdate();
        });
    }

    private void count(String outcome) {
        metrics.counter("lainaamo.notices." + channel.code, "outcome", outcome).increment();
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
