package fi.lainaamo.patron.notifications;

import fi.lainaamo.platform.faults.Outages;
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

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Sends the pending e-mail notices. It wakes after every commit that queued one and on a periodic sweep (retries, and
 * whatever was queued before a restart). Each notice is first claimed in a short transaction of its own (an attempt
 * counted, and a lease: other instances skip it until the lease ends); the SMTP conversation happens with no
 * transaction and no connection open; a notice is marked sent only after the SMTP server accepted the message, and a
 * refusal or a timeout sets the next attempt with backoff until the last attempt, after which it is marked failed.
 * The only way one patron gets an e-mail twice is the instance dying between the server's acceptance and the
 * commit of "sent"; the header {@code X-Lainaamo-Notice} (the notice id) lets a mail system drop such a duplicate.
 * Addresses are read from the profile at send time and never logged: failure texts are logged with addresses blotted.
 */
@ApplicationScoped
public class EmailSender {

    private static final Logger LOG = Logger.getLogger(EmailSender.class);
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+");

    @Inject
    EntityManager em;

    @Inject
    ReactiveMailer mailer;

    @Inject
    NoticeTexts texts;

    @Inject
    TitleNames titles;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "lainaamo.notifications.email.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "lainaamo.notifications.email.batch-size", defaultValue = "20")
    int batchSize;

    @ConfigProperty(name = "lainaamo.notifications.email.send-timeout", defaultValue = "30s")
    Duration sendTimeout;

    @ConfigProperty(name = "lainaamo.notifications.email.first-retry", defaultValue = "30s")
    Duration firstRetry;

    @ConfigProperty(name = "lainaamo.notifications.email.max-backoff", defaultValue = "1h")
    Duration maxBackoff;

    @ConfigProperty(name = "lainaamo.notifications.email.max-attempts", defaultValue = "12")
    int maxAttempts;

    @ConfigProperty(name = "lainaamo.notifications.email.sweep-interval", defaultValue = "30s")
    Duration sweepInterval;

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "email-sender"));
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean stopping;

    /** A notice claimed for one attempt, with what the patron's profile says now. */
    record Claimed(UUID id, UUID patronId, Instant dueAt, Occasion occasion, UUID publicationId, Instant at, int attempt, String address, String language,
                   boolean wanted) {
        @Override
        public String toString() {
            return "Claimed[" + id + ", " + occasion.code + ", attempt " + attempt + "]"; // never the address
        }
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) EmailNoticeWritten written) {
        wakeUp();
    }

    void started(@Observes StartupEvent event) {
        started = true;
        wakeUp();
    }

    @Scheduled(every = "${lainaamo.notifications.email.sweep-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        wakeUp();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        worker.shutdown();
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
                for (List<Claimed> forOnePatron : byPatron(batch)) {
                    if (stopping) {
                        return; // claimed but not tried: the lease ends and it is sent after the restart
                    }
                    deliver(forOnePatron);
                }
            } while (batch.size() >= batchSize);
            wakeUpWhenNextDue();
        } catch (RuntimeException e) {
            LOG.warnf("e-mail sender will try again: %s", blotted(Outages.summary(e)));
        }
    }

    /**
     * The claimed notices gathered together (one patron, one due time), in claiming order: each group is one e-mail.
     * Notices due at different times are not combined even when claimed at once, so what goes together is decided
     * when they are written, not by when the sender happens to run.
     */
    static List<List<Claimed>> byPatron(List<Claimed> batch) {
        Map<List<Object>, List<Claimed>> groups = new LinkedHashMap<>();
        batch.forEach(notice -> groups.computeIfAbsent(List.of(notice.patronId(), notice.dueAt()), key -> new java.util.ArrayList<>()).add(notice));
        return List.copyOf(groups.values());
    }

    /**
     * A notice gathering others (or waiting for a retry) is due before the next sweep: wake up then, so the gathering
     * window, not the sweep interval, decides how soon it goes.
     */
    private void wakeUpWhenNextDue() {
        Object next = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select extract(epoch from (min(next_attempt_at) - now())) from notice where channel = 'email' and status = 'pending'")
                .getSingleResult());
        if (next == null) {
            return;
        }
        long inMillis = Math.max(0, (long) (((Number) next).doubleValue() * 1000)) + 50;
        if (inMillis < sweepInterval.toMillis() && !stopping) {
            try {
                worker.schedule(this::wakeUp, inMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // the sweep after the restart sends it
            }
        }
    }

    /**
     * Claims due notices: one attempt counted each, and a lease long enough for the send to end. A patron's notices
     * written within the gathering window share one due time ({@link Notices#tell}), so they are claimed together.
     */
    List<Claimed> claim() {
        double leaseSeconds = sendTimeout.multipliedBy(2).plusSeconds(30).toMillis() / 1000.0;
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("with due as (select id, next_attempt_at as due_at from notice where channel = 'email' and status = 'pending' "
                            + "and next_attempt_at <= now() order by next_attempt_at, id limit ?1 for update skip locked) "
                            + "update notice n set attempts = n.attempts + 1, next_attempt_at = now() + make_interval(secs => ?2) "
                            + "from due, patron p where n.id = due.id and p.id = n.patron_id "
                            + "returning n.id, n.patron_id, due.due_at, n.occasion, n.publication_id, n.occasion_at, n.attempts, p.email, p.language, p.notify_by_email")
                    .setParameter(1, batchSize)
                    .setParameter(2, leaseSeconds)
                    .getResultList();
            return rows.stream().map(r -> new Claimed((UUID) r[0], (UUID) r[1], Notices.instant(r[2]), Occasion.of((String) r[3]), (UUID) r[4],
                    Notices.instant(r[5]), ((Number) r[6]).intValue(), (String) r[7], (String) r[8], (Boolean) r[9])).toList();
        });
    }

    /** Sends one patron's claimed notices as one e-mail: the occasion's own e-mail for one, a combined one for several. */
    private void deliver(List<Claimed> notices) {
        Claimed first = notices.get(0);
        if (!first.wanted() || first.address() == null) {
            // the patron removed the address or turned e-mail off after the notices were queued
            notices.forEach(notice -> finish(notice, "update notice set status = 'skipped', next_attempt_at = null where id = ?1"));
            metrics.counter("lainaamo.notices.email", "outcome", "skipped").increment(notices.size());
            return;
        }
        try {
            NoticeTexts.Email email = notices.size() == 1
                    ? texts.email(first.occasion(), first.language(), titles.of(first.publicationId()).orElse(null), first.at())
                    : texts.digest(first.language(), notices.stream()
                            .map(n -> new NoticeTexts.Part(n.occasion(), titles.of(n.publicationId()).orElse(null), n.at())).toList());
            mailer.send(Mail.withText(first.address(), email.subject(), email.text())
                            .setHtml(email.html())
                            .addHeader("Content-Language", email.language())
                            .addHeader("X-Lainaamo-Notice", String.join(",", notices.stream().map(n -> n.id().toString()).toList())))
                    .await().atMost(sendTimeout);
        } catch (RuntimeException refused) {
            // one next attempt for the whole group, so it stays one e-mail when it is tried again
            Instant next = Instant.now().plus(new Backoff(firstRetry, maxBackoff).after(first.attempt()));
            notices.forEach(notice -> failed(notice, refused, next));
            return;
        }
        notices.forEach(this::sent);
    }

    /** The SMTP server has the message: record it, trying a few times, for a notice not marked sent would go again. */
    private void sent(Claimed notice) {
        for (int attempt = 1; ; attempt++) {
            try {
                finish(notice, "update notice set status = 'sent', sent_at = now(), next_attempt_at = null, last_error = null where id = ?1");
                metrics.counter("lainaamo.notices.email", "outcome", "sent").increment();
                return;
            } catch (RuntimeException e) {
                if (attempt >= 6 || stopping) {
                    LOG.errorf("e-mail notice %s was accepted by the SMTP server but could not be marked sent; it goes again "
                            + "when its lease ends: %s", notice.id(), blotted(Outages.summary(e)));
                    return;
                }
                pause(Duration.ofMillis(250L << attempt));
            }
        }
    }

    private void failed(Claimed notice, RuntimeException refused, Instant next) {
        String why = blotted(Outages.summary(refused));
        try {
            if (notice.attempt() >= maxAttempts) {
                QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                                "update notice set status = 'failed', next_attempt_at = null, last_error = ?2 where id = ?1 and status = 'pending'")
                        .setParameter(1, notice.id()).setParameter(2, why).executeUpdate());
                metrics.counter("lainaamo.notices.email", "outcome", "failed").increment();
                LOG.errorf("e-mail notice %s gave up after %d attempts: %s", notice.id(), notice.attempt(), why);
                return;
            }
            Duration wait = Duration.between(Instant.now(), next);
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "update notice set next_attempt_at = ?2, last_error = ?3 where id = ?1 and status = 'pending'")
                    .setParameter(1, notice.id()).setParameter(2, java.sql.Timestamp.from(next)).setParameter(3, why).executeUpdate());
            metrics.counter("lainaamo.notices.email", "outcome", "retry").increment();
            LOG.warnf("e-mail notice %s was not accepted (attempt %d of %d), next try in %s: %s", notice.id(), notice.attempt(),
                    maxAttempts, wait, why);
        } catch (RuntimeException e) {
            // the lease set when it was claimed brings it back anyway
            LOG.warnf("e-mail notice %s was not accepted and its next attempt could not be recorded: %s", notice.id(),
                    blotted(Outages.summary(e)));
        }
    }

    private void finish(Claimed notice, String update) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(update).setParameter(1, notice.id()).executeUpdate());
    }

    /** An SMTP refusal often quotes the recipient; logs and the database get the text without it. */
    static String blotted(String text) {
        return text == null ? null : ADDRESS.matcher(text).replaceAll("<address>");
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
