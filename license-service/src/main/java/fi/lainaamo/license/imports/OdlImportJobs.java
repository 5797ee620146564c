package fi.lainaamo.license.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * ODL imports as background jobs, one at a time on a background thread (as catalog-service runs ONIX imports): the
 * request answers at once with the job, the import applies each publication in its own transaction (as the synchronous
 * import does), and the job's counters are committed every few publications, so any instance answers the progress poll
 * from the table. When done the job keeps the whole report.
 */
@ApplicationScoped
public class OdlImportJobs {

    private static final Logger LOG = Logger.getLogger(OdlImportJobs.class);
    /** Licences applied between two commits of the job's counters. */
    static final int FLUSH_EVERY = 20;

    @Inject
    OdlImports imports;

    @Inject
    Distributors distributors;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    /** A job whose heart has not beaten for this long is ended as interrupted. */
    @ConfigProperty(name = "lainaamo.odl-import.interrupted-after", defaultValue = "PT2M")
    Duration interruptedAfter;

    /** Jobs this instance has queued or is running: it beats their hearts. */
    private final Set<UUID> ours = ConcurrentHashMap.newKeySet();

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "odl-import");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }

    /** Queues the import of a feed URL; a host that is not allowed is refused at once (400 host-not-allowed). */
    public OdlImportJob fromUrl(FeedImportRequest request, boolean reconcile, Locale locale) {
        distributors.allowed(request.feedUrl());
        String who = request.distributor() == null || request.distributor().isBlank() ? null : request.distributor().trim();
        UUID id = queue(request.feedUrl().trim(), who, reconcile);
        submit(id, progress -> imports.fromUrl(request, reconcile, locale, progress), locale);
        return get(id, locale);
    }

    /** Queues the import of a feed sent as the body; a body that is not a feed is refused at once (400). */
    public OdlImportJob fromBody(String body, String distributor, boolean reconcile, Locale locale) {
        OdlImports.UploadedFeed feed = imports.parse(body, distributor);
        UUID id = queue(feed.feedUrl(), feed.distributor(), reconcile);
        submit(id, progress -> imports.fromBody(feed, reconcile, locale, progress), locale);
        return get(id, locale);
    }

    /** The job; a job ended without a stored detail (interrupted) gets its code's detail in the caller's language. */
    public OdlImportJob get(UUID id, Locale locale) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = em.createNativeQuery("""
                            select id, state, feed_url, distributor, reconcile, pages, total, processed, imported, updated,
                                   unchanged, rejected, marked_unavailable, error_code, error_detail, created_at, started_at,
                                   finished_at, report::text
                            from odl_import_job where id = ?1""").setParameter(1, id).getResultList();
            if (rows.isEmpty()) {
                throw ProblemException.notFound("odl-import-not-found", id);
            }
            Object[] r = (Object[]) rows.get(0);
            return new OdlImportJob((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (Boolean) r[4],
                    ((Number) r[5]).intValue(), r[6] == null ? null : ((Number) r[6]).intValue(), ((Number) r[7]).intValue(),
                    ((Number) r[8]).intValue(), ((Number) r[9]).intValue(), ((Number) r[10]).intValue(),
                    ((Number) r[11]).intValue(), ((Number) r[12]).intValue(), (String) r[13],
                    r[14] == null && r[13] != null ? Messages.text(r[13] + ".detail", locale) : (String) r[14],
                    instant(r[15]), instant(r[16]), instant(r[17]), report((String) r[18]));
        });
    }

    private interface Work {
        ImportReport run(OdlImports.Progress progress);
    }

    private UUID queue(String feedUrl, String distributor, boolean reconcile) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        insert into odl_import_job (id, state, feed_url, distributor, reconcile, heartbeat_at)
                        values (?1, 'queued', ?2, ?3, ?4, now())""")
                .setParameter(1, id).setParameter(2, feedUrl).setParameter(3, distributor).setParameter(4, reconcile)
                .executeUpdate());
        return id;
    }

    private void submit(UUID id, Work work, Locale locale) {
        ours.add(id);
        runner.submit(() -> {
            try {
                run(id, work, locale);
            } finally {
                ours.remove(id);
            }
        });
    }

    /** Tells every instance that this one still works on its jobs (a job's feed or body lives only here). */
    @Scheduled(every = "${lainaamo.odl-import.heartbeat:20s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        if (ours.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update odl_import_job set heartbeat_at = now() where id = any(?1) and state in ('queued', 'running')")
                .setParameter(1, ours.toArray(UUID[]::new)).executeUpdate());
    }

    /**
     * Ends as failed ({@code odl-import-interrupted}) every job whose instance stopped beating its heart: the instance
     * died or was stopped, and the job's feed went with it. What it applied is kept; importing the feed again applies
     * the rest (an import is idempotent: licences already there come out unchanged). Runs on every instance.
     */
    @Scheduled(every = "${lainaamo.odl-import.heartbeat:20s}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void endInterrupted() {
        endInterrupted(interruptedAfter);
    }

    int endInterrupted(Duration silence) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        update odl_import_job set state = 'failed', finished_at = now(), error_code = 'odl-import-interrupted'
                        where state in ('queued', 'running') and coalesce(heartbeat_at, created_at) < now() - cast(?1 as interval)""")
                .setParameter(1, silence.toMillis() + " milliseconds").executeUpdate());
    }

    private void run(UUID id, Work work, Locale locale) {
        update(id, "update odl_import_job set state = 'running', started_at = now(), heartbeat_at = now() where id = ?1");
        Counter counter = new Counter(id);
        try {
            ImportReport report = work.run(counter);
            String text = json.writeValueAsString(report);
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                            update odl_import_job set state = 'done', finished_at = now(), distributor = ?2, pages = ?3,
                                total = ?4, processed = ?4, imported = ?5, updated = ?6, unchanged = ?7, rejected = ?8,
                                marked_unavailable = ?9, report = cast(?10 as jsonb) where id = ?1""")
                    .setParameter(1, id).setParameter(2, report.distributor()).setParameter(3, report.pages())
                    .setParameter(4, report.licences().size()).setParameter(5, report.imported())
                    .setParameter(6, report.updated()).setParameter(7, report.unchanged()).setParameter(8, report.rejected())
                    .setParameter(9, report.markedUnavailable()).setParameter(10, text).executeUpdate());
        } catch (ProblemException problem) {
            counter.flush();
            failed(id, problem.code(), OdlImports.detail(problem, locale));
        } catch (JsonProcessingException | RuntimeException e) {
            // the exception's text may quote a distributor's answer: the log says why, the job says where to look
            LOG.errorf(e, "ODL import %s stopped", id);
            counter.flush();
            failed(id, "odl-import-stopped", Messages.text("odl-import-stopped.detail", locale));
        }
    }

    private void failed(UUID id, String code, String detail) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        update odl_import_job set state = 'failed', finished_at = now(), error_code = ?2, error_detail = ?3
                        where id = ?1""").setParameter(1, id).setParameter(2, code).setParameter(3, detail).executeUpdate());
    }

    private void update(UUID id, String sql) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(sql).setParameter(1, id).executeUpdate());
    }

    /** Counts what the import has done and commits the counters every {@link #FLUSH_EVERY} licences and every page. */
    private final class Counter implements OdlImports.Progress {
        private final UUID id;
        private int pages;
        private int total;
        private int processed;
        private int imported;
        private int updated;
        private int unchanged;
        private int rejected;
        private int unavailable;
        private int unflushed;

        Counter(UUID id) {
            this.id = id;
        }

        @Override
        public void pageRead(int pages, int licences) {
            this.pages = pages;
            this.total = licences;
            flush();
        }

        @Override
        public void applied(List<ImportReport.LicenceResult> results) {
            for (ImportReport.LicenceResult r : results) {
                processed++;
                switch (r.result()) {
                    case "imported" -> imported++;
                    case "updated" -> updated++;
                    case "unchanged" -> unchanged++;
                    case "rejected" -> rejected++;
                    case "unavailable" -> unavailable++;
                    default -> {
                    }
                }
            }
            unflushed += results.size();
            if (unflushed >= FLUSH_EVERY) {
                flush();
            }
        }

        void flush() {
            unflushed = 0;
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                            update odl_import_job set pages = ?2, total = ?3, processed = ?4, imported = ?5, updated = ?6,
                                unchanged = ?7, rejected = ?8, marked_unavailable = ?9 where id = ?1""")
                    .setParameter(1, id).setParameter(2, pages).setParameter(3, Math.max(total, processed))
                    .setParameter(4, processed).setParameter(5, imported).setParameter(6, updated)
                    .setParameter(7, unchanged).setParameter(8, rejected).setParameter(9, unavailable).executeUpdate());
        }
    }

    private ImportReport report(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, ImportReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored ODL import report unreadable", e);
        }
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
