package fi.lainaamo.catalog.imports;

import fi.lainaamo.catalog.publications.ImportedPublications;
import fi.lainaamo.catalog.search.SearchService;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationIds;
import fi.lainaamo.events.PublicationUpserted;
import fi.lainaamo.events.PublicationWithdrawn;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.xml.stream.XMLStreamException;
import org.hibernate.Session;

/**
 * Runs ONIX imports as jobs, one at a time on a background thread (an import is mostly database work; two at once
 * would only compete). The file is parsed, and each product validated, on a thread of its own, a few batches ahead, so
 * the import thread only writes. Products are applied in batches, each batch one transaction with its publication
 * events and the job's counters, so progress shows what is committed. A batch is written in plain JDBC on Hibernate's
 * connection (issue 14: binding and flushing entities was most of the import thread): one lookup, the products applied
 * in file order in memory ({@link ImportedPublications.Pending}), then a COPY of the new publications, a batch of
 * updates, the search entries of all of them in one statement ({@code search_entry_upsert}, V8), a COPY of the
 * records, the counters and the events (one JDBC batch, file order). If a batch fails as a whole (a clash), it is redone
 * product by product and only the offending product is marked failed: one bad product never stops the rest. The
 * instance running a job beats its heart (V9); any instance ends a silent job as interrupted.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);
    static final int BATCH = 500;
    /** Products after which an import refreshes the search statistics. */
    static final int ANALYZE_AFTER = 10_000;
    /** Parsed batches the reader may be ahead of the database. */
    private static final int AHEAD = 4;
    /** Marks the end of the file in the queue of parsed batches. */
    private static final List<OnixProduct> END = List.of();

    @Inject
    ImportedPublications rows;

    @Inject
    Validator validator;

    @Inject
    jakarta.persistence.EntityManager em;

    @Inject
    SearchService search;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "lainaamo.catalog.import-dir")
    Path importDir;

    /** A job whose heart has not beaten for this long is ended as interrupted. */
    @ConfigProperty(name = "lainaamo.onix-import.interrupted-after", defaultValue = "PT2M")
    Duration interruptedAfter;

    /** Jobs this instance has queued or is running: it beats their hearts. */
    private final Set<UUID> ours = ConcurrentHashMap.newKeySet();

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "onix-import");
        t.setDaemon(true);
        return t;
    });

    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "onix-read");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        runner.shutdownNow();
        reader.shutdownNow();
    }

    /** Saves the uploaded message to a temporary file (the request ends before the import does) and queues it. */
    public ImportView upload(InputStream body) {
        try {
            Path uploads = Files.createDirectories(importDir.resolve("uploads"));
            Path file = Files.createTempFile(uploads, "onix-", ".xml");
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            return start("upload (" + Files.size(file) + " bytes)", file, true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the uploaded ONIX file", e);
        }
    }

    /** Queues a file already on the server; only files under the import directory may be read. */
    public ImportView file(String path) {
        Path root = importDir.toAbsolutePath().normalize();
        Path file = root.resolve(path).toAbsolutePath().normalize();
        if (!file.startsWith(root)) {
            // the text says in words where files may be: neither the configured folder nor the resolved path is shown
            throw new ProblemException(400, "import-path-outside", List.of(new ProblemException.Violation("import-path-outside", "path")));
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ProblemException(400, "import-file-not-found", List.of(new ProblemException.Violation("import-file-not-found", "path", path)));
        }
        return start(root.relativize(file).toString(), file, false);
    }

    /** The job; one ended with a code and no stored words (interrupted) gets its code's detail in {@code locale}. */
    @Transactional
    public ImportView get(UUID id, Locale locale) {
        return ImportView.of(job(id), locale);
    }

    /** The jobs whose hearts this instance beats (for tests: a method, as the bean is reached through its proxy). */
    Set<UUID> ours() {
        return ours;
    }

    /** Tells every instance that this one still works on its jobs (an uploaded file lives only on its disk). */
    @Scheduled(every = "${lainaamo.onix-import.heartbeat:20s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        if (ours.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update import_job set heartbeat_at = now() where id = any (?1) and status in ('QUEUED', 'RUNNING')")
                .setParameter(1, ours.toArray(UUID[]::new)).executeUpdate());
    }

    /**
     * Ends as FAILED ({@code onix-import-interrupted}) every job whose instance stopped beating its heart: the instance
     * died or was stopped, and the job's file reader went with it. What it applied is kept (each batch committed with
     * its records and counters); importing the file again applies the rest (an import is idempotent: products already
     * there come out updated, withdrawals already made are skipped). Runs on every instance.
     */
    @Scheduled(every = "${lainaamo.onix-import.heartbeat:20s}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void endInterrupted() {
        endInterrupted(interruptedAfter);
    }

    int endInterrupted(Duration silence) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        update import_job set status = 'FAILED', finished_at = now(), error_code = 'onix-import-interrupted'
                        where status in ('QUEUED', 'RUNNING') and coalesce(heartbeat_at, started_at) < now() - cast(?1 as interval)""")
                .setParameter(1, silence.toMillis() + " milliseconds").executeUpdate());
    }

    /** Per-record results in file order, optionally of one outcome, after position {@code after}. */
    @Transactional
    public ImportView.RecordPage records(UUID id, ImportRecord.Outcome outcome, int after, int limit) {
        job(id);
        List<ImportRecord> rows = ImportRecord.page(id, outcome, after, limit + 1);
        List<ImportRecord> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        String next = rows.size() > limit
                ? "/v1/imports/" + id + "/records?limit=" + limit + "&after=" + page.get(page.size() - 1).seq
                + (outcome == null ? "" : "&outcome=" + outcome)
                : null;
        return new ImportView.RecordPage(page.stream().map(ImportView.Record::of).toList(), next);
    }

    private ImportView start(String source, Path file, boolean deleteAfter) {
        ImportJob job = QuarkusTransaction.requiringNew().call(() -> {
            ImportJob j = new ImportJob();
            j.id = UUID.randomUUID();
            j.kind = "ONIX";
            j.source = source;
            j.status = ImportJob.Status.QUEUED;
            j.startedAt = now();
            j.heartbeatAt = j.startedAt;
            j.persist();
            return j;
        });
        ours.add(job.id);
        runner.submit(() -> {
            try {
                run(job.id, file, deleteAfter);
            } catch (RuntimeException e) {
                LOG.errorf(e, "ONIX import %s could not run", job.id);
            } finally {
                ours.remove(job.id);
            }
        });
        return ImportView.of(job);
    }

    /** Reads the whole file; runs on the import thread. Public for the benchmark, which runs it synchronously. */
    public void run(UUID jobId, Path file, boolean deleteAfter) {
        ours.add(jobId);
        try {
            read(jobId, file, deleteAfter);
        } finally {
            ours.remove(jobId);
        }
    }

    private void read(UUID jobId, Path file, boolean deleteAfter) {
        QuarkusTransaction.requiringNew().run(() -> {
            ImportJob job = job(jobId);
            job.status = ImportJob.Status.RUNNING;
            job.heartbeatAt = now();
        });
        BlockingQueue<List<OnixProduct>> parsed = new ArrayBlockingQueue<>(AHEAD);
        int[] read = {0};
        // the reader parses ahead while the batch before is written; what it hit (if anything) comes back through the future
        Future<Exception> reading = reader.submit(() -> {
            List<OnixProduct> batch = new ArrayList<>(BATCH);
            Exception failed = null;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                OnixReader.read(in, product -> {
                    batch.add(checked(product));
                    read[0]++;
                    if (batch.size() == BATCH) {
                        put(parsed, List.copyOf(batch));
                        batch.clear();
                    }
                });
            } catch (XMLStreamException | IOException | RuntimeException e) {
                failed = e;
            }
            // the products read before a well-formedness error are whole: keep them
            if (!batch.isEmpty()) {
                put(parsed, List.copyOf(batch));
            }
            put(parsed, END);
            return failed;
        });
        int next = 1;
        String error = null;
        try {
            for (List<OnixProduct> batch = parsed.take(); batch != END; batch = parsed.take()) {
                apply(jobId, batch, next);
                next += batch.size();
            }
            Exception failed = reading.get();
            if (failed instanceof XMLStreamException e) {
                // where the XML breaks, in words; the parser's own message is for the log
                LOG.warnf("ONIX import %s: not well-formed XML after product %d: %s", jobId, read[0], e.getMessage());
                error = "the file is not well-formed XML after product " + read[0]
                        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNumber() + ", column "
                        + e.getLocation().getColumnNumber() + ")");
            } else if (failed != null) {
                throw failed;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.errorf("ONIX import %s interrupted", jobId);
            error = "the import was stopped (the service is shutting down)";
        } catch (Exception e) {
            // the exception's text can name server paths: staff read that the file could not be read, the log says why
            LOG.errorf(e, "ONIX import %s stopped", jobId);
            error = "the file could not be read to the end; the server log tells why under this import's id";
        } finally {
            reading.cancel(true);
            if (deleteAfter) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warnf("cannot delete uploaded ONIX file %s", file);
                }
            }
        }
        if (next > ANALYZE_AFTER) {
            // fresh statistics, so searches over a catalogue that just grew a lot are planned for its new size at once
            QuarkusTransaction.requiringNew().run(search::refreshStatistics);
        }
        String failure = error;
        QuarkusTransaction.requiringNew().run(() -> {
            ImportJob job = job(jobId);
            job.status = failure == null ? ImportJob.Status.FINISHED : ImportJob.Status.FAILED;
            job.error = failure == null ? null : failure.length() > 2000 ? failure.substring(0, 2000) : failure;
            job.errorCode = null;
            job.finishedAt = now();
        });
    }

    /** Hands a parsed batch to the import thread; gives up when the import stopped waiting (interrupted). */
    private static void put(BlockingQueue<List<OnixProduct>> parsed, List<OnixProduct> batch) {
        try {
            parsed.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the import stopped reading", e);
        }
    }

    private void apply(UUID jobId, List<OnixProduct> products, int firstSeq) {
        try {
            QuarkusTransaction.requiringNew().run(() -> applyInTransaction(jobId, products, firstSeq));
        } catch (RuntimeException batchFailed) {
            for (int i = 0; i < products.size(); i++) {
                OnixProduct product = products.get(i);
                int seq = firstSeq + i;
                try {
                    QuarkusTransaction.requiringNew().run(() -> applyInTransaction(jobId, List.of(product), seq));
                } catch (RuntimeException productFailed) {
                    // the database's message can quote the row (names included): log what failed, not the message
                    LOG.errorf("ONIX import %s: product %d (ISBN %s) not stored: %s", jobId, seq, product.isbn(), summary(productFailed));
                    QuarkusTransaction.requiringNew().run(() -> applyInTransaction(jobId,
                            List.of(OnixProduct.fail(product.recordReference(), product.isbn(), RecordReason.NOT_STORED)), seq));
                }
            }
        }
    }

    /**
     * One batch in the caller's transaction, in plain JDBC on Hibernate's connection (issue 14: binding and flushing
     * the entities was most of the import thread's time): one query finds the publications the batch names, the
     * products are applied in file order in memory ({@link ImportedPublications.Pending}), then the publications, their
     * search entries, the import records and the job's counters are written in a few batched statements, and the events
     * after them in file order (one JDBC batch through the outbox).
     */
    private void applyInTransaction(UUID jobId, List<OnixProduct> products, int firstSeq) {
        List<Outbox.Pending> events = new ArrayList<>(products.size());
        em.unwrap(Session.class).doWork(connection -> write(connection, jobId, products, firstSeq, events));
        // the events after the rows they describe, in file order, still in this transaction
        outbox.recordAll(events);
    }

    private void write(Connection connection, UUID jobId, List<OnixProduct> products, int firstSeq, List<Outbox.Pending> events)
            throws SQLException {
        // the publications' search entries are built all at once after their rows (below), not row by row
        try (Statement deferred = connection.createStatement()) {
            deferred.execute("select set_config('lainaamo.search_entries', 'deferred', true)");
        }
        Set<String> isbns = products.stream().filter(p -> p.isbn() != null && p.action() != OnixProduct.Action.FAIL)
                .map(OnixProduct::isbn).collect(Collectors.toSet());
        // a product is matched by ISBN first, then by the id its ISBN derives
        Map<String, UUID> idByIsbn = new HashMap<>();
        Map<UUID, ImportedPublications.Pending> touched = new LinkedHashMap<>();
        for (ImportedPublications.Known known : rows.find(connection, isbns, isbns.stream().map(PublicationIds::fromIdentifier).toList())) {
            touched.put(known.id(), new ImportedPublications.Pending(known.id(), true, known.withdrawn()));
            if (known.isbn() != null && isbns.contains(known.isbn())) {
                idByIsbn.put(known.isbn(), known.id());
            }
        }
        int[] counts = new int[ImportRecord.Outcome.values().length];
        List<ImportRecord> records = new ArrayList<>(products.size());
        Set<UUID> upserted = new LinkedHashSet<>();
        for (int i = 0; i < products.size(); i++) {
            OnixProduct product = products.get(i);
            ImportRecord record = new ImportRecord();
            record.seq = firstSeq + i;
            record.recordReference = product.recordReference();
            record.isbn = product.isbn();
            Instant now = now();
            switch (product.action()) {
                case SKIP -> outcome(record, ImportRecord.Outcome.SKIPPED, product.reasonCode(), product.reason());
                case FAIL -> outcome(record, ImportRecord.Outcome.FAILED, product.reasonCode(), product.reason());
                case WITHDRAW -> {
                    UUID id = idByIsbn.get(product.isbn());
                    if (id == null) {
                        outcome(record, ImportRecord.Outcome.SKIPPED, RecordReason.NOT_IN_CATALOGUE);
                    } else {
                        record.publicationId = id;
                        if (touched.get(id).withdraw(now)) {
                            events.add(new Outbox.Pending(EventTypes.PUBLICATION_WITHDRAWN, id, id, new PublicationWithdrawn(id, "onix-delete", now)));
                            outcome(record, ImportRecord.Outcome.WITHDRAWN, product.reasonCode(), product.reason());
                        } else {
                            outcome(record, ImportRecord.Outcome.SKIPPED, RecordReason.ALREADY_WITHDRAWN);
                        }
                    }
                }
                case UPSERT -> {
                    // validated on the reading thread: a product here has fields within their limits
                    UUID id = PublicationIds.fromIdentifier(product.isbn());
                    UUID knownId = idByIsbn.containsKey(product.isbn()) ? idByIsbn.get(product.isbn()) : touched.containsKey(id) ? id : null;
                    ImportedPublications.Pending publication = knownId == null
                            ? touched.computeIfAbsent(id, k -> new ImportedPublications.Pending(k, false, false)) : touched.get(knownId);
                    // new: neither in the catalogue before the batch nor written by a product before this one
                    boolean created = !publication.exists && !upserted.contains(publication.id);
                    PublicationUpserted event = publication.describe(product.details(), now);
                    events.add(new Outbox.Pending(EventTypes.PUBLICATION_UPSERTED, publication.id, publication.id, event));
                    idByIsbn.put(product.isbn(), publication.id);
                    upserted.add(publication.id);
                    record.publicationId = publication.id;
                    outcome(record, created ? ImportRecord.Outcome.IMPORTED : ImportRecord.Outcome.UPDATED, null, null);
                }
            }
            records.add(record);
            counts[record.outcome.ordinal()]++;
        }
        rows.write(connection, touched.values());
        if (!upserted.isEmpty()) {
            try (PreparedStatement entries = connection.prepareStatement("select search_entry_upsert(?)")) {
                entries.setArray(1, connection.createArrayOf("uuid", upserted.toArray()));
                entries.execute();
            }
        }
        StringBuilder lines = new StringBuilder(records.size() * 100);
        for (ImportRecord r : records) {
            ImportedPublications.copyLine(lines, jobId, r.seq, r.recordReference, r.isbn, r.publicationId, r.outcome.name(), r.reasonCode, r.reason);
        }
        ImportedPublications.copy(connection, "copy import_record (job_id, seq, record_reference, isbn, publication_id, outcome, reason_code, reason) "
                + "from stdin", lines);
        try (PreparedStatement counters = connection.prepareStatement("update import_job set processed = processed + ?, "
                + "imported = imported + ?, updated = updated + ?, withdrawn = withdrawn + ?, skipped = skipped + ?, failed = failed + ? "
                + "where id = ?")) {
            counters.setInt(1, products.size());
            counters.setInt(2, counts[ImportRecord.Outcome.IMPORTED.ordinal()]);
            counters.setInt(3, counts[ImportRecord.Outcome.UPDATED.ordinal()]);
            counters.setInt(4, counts[ImportRecord.Outcome.WITHDRAWN.ordinal()]);
            counters.setInt(5, counts[ImportRecord.Outcome.SKIPPED.ordinal()]);
            counters.setInt(6, counts[ImportRecord.Outcome.FAILED.ordinal()]);
            counters.setObject(7, jobId);
            if (counters.executeUpdate() == 0) {
                throw ProblemException.notFound("import-not-found", jobId);
            }
        }
    }

    /**
     * Checks a product's fields against the catalogue's limits, on the reading thread: one outside them is FAILED
     * with the fields named, as the API would refuse it.
     */
    private OnixProduct checked(OnixProduct product) {
        if (product.action() != OnixProduct.Action.UPSERT) {
            return product;
        }
        Set<ConstraintViolation<Object>> violations = validator.validate((Object) product.details());
        if (violations.isEmpty()) {
            return product;
        }
        return OnixProduct.fail(product.recordReference(), product.isbn(), RecordReason.INVALID_FIELDS,
                violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
    }

    private static void outcome(ImportRecord record, ImportRecord.Outcome outcome, RecordReason reason) {
        outcome(record, outcome, reason.code(), reason.words());
    }

    private static void outcome(ImportRecord record, ImportRecord.Outcome outcome, String reasonCode, String reason) {
        record.outcome = outcome;
        record.reasonCode = reasonCode;
        record.reason = reason == null ? null : reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    private static ImportJob job(UUID id) {
        ImportJob job = ImportJob.findById(id);
        if (job == null) {
            throw ProblemException.notFound("import-not-found", id);
        }
        return job;
    }

    /** The failure's classes down to its root, with the SQL state and constraint where the database refused. */
    static String summary(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            s.append(s.length() == 0 ? "" : " <- ").append(t.getClass().getName());
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                s.append(" [SQL state ").append(sql.getSQLState()).append(']');
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException violation && violation.getConstraintName() != null) {
                s.append(" [constraint ").append(violation.getConstraintName()).append(']');
            }
        }
        return s.toString();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
