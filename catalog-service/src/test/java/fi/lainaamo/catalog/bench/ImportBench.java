package fi.lainaamo.catalog.bench;

import fi.lainaamo.catalog.imports.ImportJob;
import fi.lainaamo.catalog.imports.ImportService;
import fi.lainaamo.catalog.imports.OnixGenerator;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * The ONIX import in-process, without HTTP and without the other services consuming its events: generates N products,
 * imports them through {@link ImportService#run} on this thread and prints products/s. It isolates the catalogue's own
 * cost per product (parsing, validation, rows, search entries, outbox) for profiling; it asserts nothing about time.
 * Off unless asked:
 *
 * <pre>./mvnw -B -f catalog-service/pom.xml verify -Dtest=ImportBench -Dlainaamo.bench.import=50000</pre>
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "lainaamo.bench.import", matches = "\\d+")
class ImportBench {

    @Inject
    ImportService imports;

    @ConfigProperty(name = "lainaamo.catalog.import-dir")
    Path importDir;

    @Test
    void onixProductsPerSecond() throws Exception {
        int products = Integer.getInteger("lainaamo.bench.import");
        Path file = Files.createDirectories(importDir).resolve("import-bench-" + products + ".xml");
        // a different seed each run, so every run imports new titles rather than updating the last run's
        OnixGenerator.write(file, products, System.nanoTime());
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                OnixGenerator.write(file, products, System.nanoTime());
            }
            UUID id = UUID.randomUUID();
            QuarkusTransaction.requiringNew().run(() -> {
                ImportJob job = new ImportJob();
                job.id = id;
                job.kind = "ONIX";
                job.source = "import bench";
                job.status = ImportJob.Status.QUEUED;
                job.startedAt = Instant.now();
                job.persist();
            });
            long t0 = System.nanoTime();
            imports.run(id, file, false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            // the first round warms the JIT up; the second is the figure
            System.out.printf("import bench, round %d: %d products in %.1f s = %.0f products/s%n", round + 1, products, seconds, products / seconds);
        }
        Files.deleteIfExists(file);
    }
}
