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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.xml.stream.XMLStreamException;

/**
 * Runs ONIX imports as jobs, one at a time on a background thread (an import is mostly database work; two at once
 * would only compete). Products are applied in batches, each batch one transaction with its publication events and
 * the job's counters, so progress shows what is committed. If a batch fails as a whole (a clash found at commit),
 * it is redone product by product and only the offending product is marked failed: one bad product never stops the
 * rest.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);
    static final int BATCH = 500;
    /** Products after which an import refreshes the search statistics. */
    static final int ANALYZE_AFTER = 10_000;

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

    @PreDestroy
    void stop() {
        runner.shutdownNow();
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
            throw new ProblemException(400, "import-path-outside", List.of(new ProblemException.Violation("import-path-outside", "path", path, root)));
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
        List<OnixProduct> batch = new ArrayList<>(BATCH);
        int[] next = {1};
        String error = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            OnixReader.read(in, product -> {
                batch.add(product);
                if (batch.size() == BATCH) {
                    apply(jobId, batch, next[0]);
                    next[0] += batch.size();
                    batch.clear();
                }
            });
        } catch (XMLStreamException e) {
            error = "the file is not well-formed XML after product " + (next[0] + batch.size() - 1) + ": " + OnixReader.reason(e);
        } catch (IOException e) {
            LOG.errorf(e, "ONIX import %s stopped", jobId);
            error = "the import stopped: " + e.getMessage();
        } catch (RuntimeException e) {
            // its message is for developers (it may name classes): the log has it, the admin gets the job id
            LOG.errorf(e, "ONIX import %s stopped", jobId);
            error = "the import stopped unexpectedly; the service log has the details under import " + jobId;
        } finally {
            if (deleteAfter) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warnf("cannot delete uploaded ONIX file %s", file);
                }
            }
        }
        if (!batch.isEmpty()) {
            // the products read before a well-formedness error are whole: keep them
            apply(jobId, batch, next[0]);
        }
        if (next[0] > ANALYZE_AFTER) {
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
                    QuarkusTransaction.requiringNew().run(() -> applyInTransaction(jobId,
                            List.of(OnixProduct.fail(product.recordReference(), product.isbn(), "not stored: " + rootMessage(productFailed))), seq));
                }
            }
        }
    }

    private void applyInTransaction(UUID jobId, List<OnixProduct> products, int firstSeq) {
        job(jobId);
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
                case SKIP -> outcome(record, ImportRecord.Outcome.SKIPPED, product.reason());
                case FAIL -> outcome(record, ImportRecord.Outcome.FAILED, product.reason());
                case WITHDRAW -> {
                    UUID id = idByIsbn.get(product.isbn());
                    if (id == null) {
                        outcome(record, ImportRecord.Outcome.SKIPPED, "withdrawal of a publication the catalogue does not have");
                    } else {
                        record.publicationId = id;
                        // events keep file order per title: the upserts read so far go out before this withdrawal
                        outbox.recordAll(EventTypes.PUBLICATION_UPSERTED, events, PublicationUpserted::publicationId);
                        events.clear();
                        boolean changed = publications.withdraw(em.find(Publication.class, id), "onix-delete");
                        outcome(record, changed ? ImportRecord.Outcome.WITHDRAWN : ImportRecord.Outcome.SKIPPED,
                                changed ? product.reason() : "already withdrawn");
                    }
                }
                case UPSERT -> {
                    Set<ConstraintViolation<Object>> violations = validator.validate((Object) product.details());
                    if (!violations.isEmpty()) {
                        outcome(record, ImportRecord.Outcome.FAILED, violations.stream()
                                .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
                    } else {
                        UUID id = PublicationIds.fromIdentifier(product.isbn());
                        UUID knownId = idByIsbn.containsKey(product.isbn()) ? idByIsbn.get(product.isbn()) : existingIds.contains(id) ? id : null;
                        Publication known = knownId == null ? null : em.find(Publication.class, knownId);
                        PublicationService.Imported imported = publications.upsertImported(id, product.details(), known, true, true);
                        events.add(imported.event());
                        idByIsbn.put(product.isbn(), imported.publication().id);
                        record.publicationId = imported.publication().id;
                        outcome(record, imported.outcome() == PublicationService.Upserted.IMPORTED
                                ? ImportRecord.Outcome.IMPORTED : ImportRecord.Outcome.UPDATED, null);
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

    private static void outcome(ImportRecord record, ImportRecord.Outcome outcome, String reason) {
        record.outcome = outcome;
        record.reason = reason == null ? null : reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    private static ImportJob job(UUID id) {
        ImportJob job = ImportJob.findById(id);
        if (job == null) {
            throw ProblemException.notFound("import-not-found", id);
        }
        return job;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
