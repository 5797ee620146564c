package fi.lainaamo.catalog.imports;

import fi.lainaamo.catalog.publications.Publication;
import fi.lainaamo.catalog.publications.PublicationService;
import fi.lainaamo.catalog.search.SearchService;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationIds;
import fi.lainaamo.events.PublicationUpserted;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.xml.stream.XMLStreamException;

/**
 * Runs ONIX imports as jobs, one at a time on a background thread (an import is mostly database work; two at once
 * would only compete). The file is parsed on a thread of its own, a few batches ahead, so parsing overlaps with the
 * database's work on the batch before. Products are applied in batches, each batch one transaction with its publication events and
 * the job's counters, so progress shows what is committed. If a batch fails as a whole (a clash found at commit),
 * it is redone product by product and only the offending product is marked failed: one bad product never stops the
 * rest. A batch writes its publications with their search entries deferred and then builds the entries of all of
 * them in one statement ({@code search_entry_upsert}, V8), instead of one trigger run per publication.
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
    PublicationService publications;

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

    @Transactional
    public ImportView get(UUID id) {
        return ImportView.of(job(id));
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
            j.persist();
            return j;
        });
        runner.submit(() -> {
            try {
                run(job.id, file, deleteAfter);
            } catch (RuntimeException e) {
                LOG.errorf(e, "ONIX import %s could not run", job.id);
            }
        });
        return ImportView.of(job);
    }

    /** Reads the whole file; runs on the import thread. Public for the benchmark, which runs it synchronously. */
    public void run(UUID jobId, Path file, boolean deleteAfter) {
        QuarkusTransaction.requiringNew().run(() -> job(jobId).status = ImportJob.Status.RUNNING);
        BlockingQueue<List<OnixProduct>> parsed = new ArrayBlockingQueue<>(AHEAD);
        int[] read = {0};
        // the reader parses ahead while the batch before is written; what it hit (if anything) comes back through the future
        Future<Exception> reading = reader.submit(() -> {
            List<OnixProduct> batch = new ArrayList<>(BATCH);
            Exception failed = null;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                OnixReader.read(in, product -> {
                    batch.add(product);
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

    private void applyInTransaction(UUID jobId, List<OnixProduct> products, int firstSeq) {
        job(jobId);
        // the publications' search entries are built all at once after their rows (below), not row by row
        em.createNativeQuery("select set_config('lainaamo.search_entries', 'deferred', true)").getSingleResult();
        Set<String> isbns = products.stream().filter(p -> p.isbn() != null && p.action() != OnixProduct.Action.FAIL)
                .map(OnixProduct::isbn).collect(Collectors.toSet());
        // only the ids are kept: the session is cleared after every product (below), so entities are found again
        Map<String, UUID> idByIsbn = new HashMap<>();
        Publication.byIsbns(isbns).forEach(p -> idByIsbn.put(p.isbn, p.id));
        Set<UUID> existingIds = new java.util.HashSet<>();
        Publication.byIds(isbns.stream().map(PublicationIds::fromIdentifier).toList()).forEach(p -> existingIds.add(p.id));
        em.clear();
        int[] counts = new int[ImportRecord.Outcome.values().length];
        List<ImportRecord> records = new ArrayList<>(products.size());
        List<fi.lainaamo.events.PublicationUpserted> events = new ArrayList<>(products.size());
        for (int i = 0; i < products.size(); i++) {
            OnixProduct product = products.get(i);
            ImportRecord record = new ImportRecord();
            record.jobId = jobId;
            record.seq = firstSeq + i;
            record.recordReference = product.recordReference();
            record.isbn = product.isbn();
            switch (product.action()) {
                case SKIP -> outcome(record, ImportRecord.Outcome.SKIPPED, product.reasonCode(), product.reason());
                case FAIL -> outcome(record, ImportRecord.Outcome.FAILED, product.reasonCode(), product.reason());
                case WITHDRAW -> {
                    UUID id = idByIsbn.get(product.isbn());
                    if (id == null) {
                        outcome(record, ImportRecord.Outcome.SKIPPED, RecordReason.NOT_IN_CATALOGUE);
                    } else {
                        record.publicationId = id;
                        // events keep file order per title: the upserts read so far go out before this withdrawal
                        outbox.recordAll(EventTypes.PUBLICATION_UPSERTED, events, PublicationUpserted::publicationId);
                        events.clear();
                        boolean changed = publications.withdraw(em.find(Publication.class, id), "onix-delete");
                        if (changed) {
                            outcome(record, ImportRecord.Outcome.WITHDRAWN, product.reasonCode(), product.reason());
                        } else {
                            outcome(record, ImportRecord.Outcome.SKIPPED, RecordReason.ALREADY_WITHDRAWN);
                        }
                    }
                }
                case UPSERT -> {
                    Set<ConstraintViolation<Object>> violations = validator.validate((Object) product.details());
                    if (!violations.isEmpty()) {
                        outcome(record, ImportRecord.Outcome.FAILED, RecordReason.INVALID_FIELDS.code(), RecordReason.INVALID_FIELDS.words(
                                violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; "))));
                    } else {
                        UUID id = PublicationIds.fromIdentifier(product.isbn());
                        UUID knownId = idByIsbn.containsKey(product.isbn()) ? idByIsbn.get(product.isbn()) : existingIds.contains(id) ? id : null;
                        Publication known = knownId == null ? null : em.find(Publication.class, knownId);
                        PublicationService.Imported imported = publications.upsertImported(id, product.details(), known, true, true);
                        events.add(imported.event());
                        idByIsbn.put(product.isbn(), imported.publication().id);
                        record.publicationId = imported.publication().id;
                        outcome(record, imported.outcome() == PublicationService.Upserted.IMPORTED
                                ? ImportRecord.Outcome.IMPORTED : ImportRecord.Outcome.UPDATED, null, null);
                    }
                }
            }
            records.add(record);
            counts[record.outcome.ordinal()]++;
        }
        // publications first, then the records: each table's inserts go to the database in JDBC batches
        records.forEach(r -> r.persist());
        em.flush();
        em.clear();
        String upserted = records.stream().filter(r -> r.outcome == ImportRecord.Outcome.IMPORTED || r.outcome == ImportRecord.Outcome.UPDATED)
                .map(r -> r.publicationId.toString()).distinct().collect(Collectors.joining(",", "{", "}"));
        if (upserted.length() > 2) {
            em.createNativeQuery("select 1 from (select search_entry_upsert(cast(?1 as uuid[]))) x").setParameter(1, upserted).getSingleResult();
        }
        // the events after the rows they describe, in file order, still in this transaction
        outbox.recordAll(EventTypes.PUBLICATION_UPSERTED, events, PublicationUpserted::publicationId);
        em.createNativeQuery("update import_job set processed = processed + ?2, imported = imported + ?3, updated = updated + ?4, "
                        + "withdrawn = withdrawn + ?5, skipped = skipped + ?6, failed = failed + ?7 where id = ?1")
                .setParameter(1, jobId)
                .setParameter(2, products.size())
                .setParameter(3, counts[ImportRecord.Outcome.IMPORTED.ordinal()])
                .setParameter(4, counts[ImportRecord.Outcome.UPDATED.ordinal()])
                .setParameter(5, counts[ImportRecord.Outcome.WITHDRAWN.ordinal()])
                .setParameter(6, counts[ImportRecord.Outcome.SKIPPED.ordinal()])
                .setParameter(7, counts[ImportRecord.Outcome.FAILED.ordinal()])
                .executeUpdate();
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
