package fi.lainaamo.bench;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Workload 6 (ONIX import speed) and the data for workload 5 (search over what was imported). */
final class Imports {

    record Result(int products, double seconds, String outcome) {
        boolean ok() {
            return seconds > 0;
        }

        double perSecond() {
            return seconds > 0 ? products / seconds : 0;
        }

        @Override
        public String toString() {
            return ok() ? String.format("%d products in %.1f s = %.0f products/s", products, seconds, perSecond()) : outcome;
        }
    }

    private Imports() {
    }

    /**
     * Imports a generated file of {@code products} new products and waits for the job. First, unless
     * {@code warmupProducts} is 0, a file of that many other new products, unmeasured, and the stack is left to finish
     * what it set off ({@link #settle}): as the borrow workloads run after warm-up cycles, the measured import runs
     * with the JIT warm in the catalogue and in the consumers of its events. {@code signIn} answers a fresh admin token:
     * an import of a million products outlasts an access token's five minutes, so the poll signs in again when the
     * token has expired.
     */
    static Result onix(LocalStack stack, Api api, java.util.concurrent.Callable<String> signIn, int products, int warmupProducts,
                       Path work) throws Exception {
        if (warmupProducts > 0) {
            Result warmup = importFile(stack, api, signIn, warmupProducts, 2025, work);
            System.out.printf("  import warm-up (unmeasured): %s; the stack settled %.0f s after it%n", warmup, settle(stack.postgresPort()));
            if (!warmup.ok()) {
                return warmup;
            }
        }
        return importFile(stack, api, signIn, products, 2026, work);
    }

    /** Imports a generated file of {@code products} products (ISBNs drawn from {@code seed}) and waits for the job. */
    private static Result importFile(LocalStack stack, Api api, java.util.concurrent.Callable<String> signIn, int products, long seed,
                                     Path work) throws Exception {
        String admin = signIn.call();
        Path file = work.resolve("onix-" + seed + "-" + products + ".xml");
        OnixFile.write(file, products, seed);
        long t0 = System.nanoTime();
        Api.Answer started = api.post(stack.url(Service.CATALOG) + "/v1/imports/onix/file", admin,
                "{\"path\":\"" + file.getFileName() + "\"}");
        if (started.status() >= 300) {
            return new Result(products, 0, "ONIX import not available: HTTP " + started.status());
        }
        String id = started.field("id");
        while (true) {
            Api.Answer job = api.get(stack.url(Service.CATALOG) + "/v1/imports/" + id, admin);
            if (job.status() == 401) {
                admin = signIn.call();
                continue;
            }
            String status = job.json().path("status").asText("");
            if (job.status() != 200 || status.matches("(?i)failed|error")) {
                return new Result(products, 0, "ONIX import failed: " + job.body());
            }
            if (status.matches("(?i)done|completed|finished|succeeded")) {
                return new Result(products, (System.nanoTime() - t0) / 1e9, "done");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
    }

    /**
     * Vacuums the catalogue database (as autovacuum would a minute later, perhaps in the middle of the measurement) and
     * waits (at most 10 minutes) until what the import set off has finished — loan-service consuming a
     * publication-upserted event per product — so search is measured over a catalogue at rest rather than competing
     * with that for the two cores: no autovacuum worker and the CPUs less than a quarter busy for five seconds in a
     * row. Answers the seconds it took.
     */
    static double settle(int postgresPort) throws Exception {
        long t0 = System.nanoTime();
        // what autovacuum would start on its own a minute later, possibly in the middle of the measurement
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/catalog",
                "postgres", "postgres"); java.sql.Statement s = c.createStatement()) {
            s.execute("vacuum (analyze)");
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + postgresPort + "/postgres",
                "postgres", "postgres"); java.sql.Statement s = c.createStatement()) {
            int quiet = 0;
            long[] before = cpu();
            while (quiet < 5 && System.nanoTime() - t0 < 600_000_000_000L) {
                Thread.sleep(1000);
                long[] now = cpu();
                double busy = 1 - (now[1] - before[1]) / (double) Math.max(1, now[0] - before[0]);
                before = now;
                try (java.sql.ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'")) {
                    rs.next();
                    quiet = rs.getInt(1) == 0 && busy < 0.25 ? quiet + 1 : 0;
                }
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** All CPU time and idle time so far (jiffies, from /proc/stat). */
    private static long[] cpu() throws java.io.IOException {
        String[] f = java.nio.file.Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[]{total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    }

    /**
     * The query kinds of workload 5: a keyword, a keyword with two facets, the first 3 and 4 letters of a word (as
     * search suggestions ask while the patron types) and a word with one typing error (one letter left out, changed or
     * added), all over common words of the generated catalogue.
     */
    static Map<String, List<String>> searchQueries() {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        List<String> words = OnixFile.queryWords();
        kinds.put("search: keyword", words.stream().map(w -> "/v1/search?q=" + enc(w)).toList());
        // the language filter is the word's own, as a patron narrowing to Finnish books types Finnish words
        kinds.put("search: keyword + 2 facets", words.stream().map(w -> "/v1/search?q=" + enc(w) + "&format=EBOOK&language="
                + OnixFile.languageOf(w)).toList());
        kinds.put("search: prefix", words.stream().flatMap(w -> java.util.stream.Stream.of(w.substring(0, 3), w.substring(0, 4)))
                .map(p -> "/v1/search?q=" + enc(p)).toList());
        kinds.put("search: typo", OnixFile.typoWords().stream().map(w -> "/v1/search?q=" + enc(w)).toList());
        return kinds;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
