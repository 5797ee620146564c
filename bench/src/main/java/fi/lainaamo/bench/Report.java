package fi.lainaamo.bench;

import fi.lainaamo.devinfra.LocalStack;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Writes BENCHMARKS.md: machine, versions, settings and date with every figure; medians of runs; plots. */
final class Report {

    private record Borrow(int clients, List<LatencyRun> runs, double ceiling) {
    }

    final Map<String, Duration> ready = new LinkedHashMap<>();
    final Map<String, Double> rssIdle = new LinkedHashMap<>();
    final Map<String, Double> rssLoaded = new LinkedHashMap<>();
    private record Open(double share, double rate, List<LatencyRun> runs) {
    }

    /** One kind of title in the distributor comparison: local (delay null) or the distributor's, answering after delayMs. */
    private record DistributorCase(Integer delayMs, List<LatencyRun> runs) {
    }

    private final List<Borrow> borrows = new ArrayList<>();
    private final List<Open> open = new ArrayList<>();
    private final List<DistributorCase> distributor = new ArrayList<>();
    /** The unmeasured cycles before the first borrow workload (null when none ran). */
    LatencyRun cycleWarmup;
    /** The unmeasured cycles over the distributor's titles before the comparison. */
    LatencyRun distributorWarmup;
    int distributorTitles;
    int distributorClients;
    List<Alone.Launches> alone = List.of();
    /** The services' JVM ({@link LocalStack#javaDescription}). */
    String serviceJava = "";
    final List<LatencyRun> search = new ArrayList<>();
    double settledSeconds;
    LatencyRun hot;
    LatencyRun hotFloor;
    LatencyRun propagation;
    Imports.Result imported;
    /** Products imported, unmeasured, before the measured import ({@code onix-warmup-products}). */
    int onixWarmup;
    /** Issue 17's reports at national scale (null when not run). */
    Reports.Result reports;

    private final Path repoRoot;
    private final Path out;
    private final Map<String, String> options;
    private final ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);

    private final Path file;

    Report(Path repoRoot, Path out, Map<String, String> options, Path file) {
        this.file = file;
        this.repoRoot = repoRoot;
        this.out = out;
        this.options = options;
    }

    void borrow(int clients, List<LatencyRun> runs, double ceiling) {
        borrows.add(new Borrow(clients, runs, ceiling));
    }

    void open(double share, double rate, List<LatencyRun> runs) {
        open.add(new Open(share, rate, runs));
    }

    /** Runs over the local titles ({@code delayMs} null) or the distributor's, answering after {@code delayMs}. */
    void distributor(Integer delayMs, List<LatencyRun> runs) {
        distributor.add(new DistributorCase(delayMs, runs));
    }

    /** Cycles per second at the largest client count measured (median of its runs); 0 before any borrow run. */
    double capacity() {
        return borrows.stream().max(java.util.Comparator.comparingInt(Borrow::clients))
                .map(b -> median(b.runs(), LatencyRun::throughput)).orElse(0.0);
    }

    void write() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Lainaamo benchmarks\n\n");
        md.append("Written by `./bench.sh` (module `bench`) on ").append(started.toLocalDate()).append(" at ")
                .append(started.toLocalTime().withNano(0)).append(" UTC. Options: `").append(options.isEmpty() ? "defaults" : options).append("`.\n\n");
        md.append("## Machine and versions\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| CPU | ").append(Machine.cpu()).append(" (").append(Runtime.getRuntime().availableProcessors()).append(" cores) |\n");
        md.append("| memory | ").append(Machine.memory()).append(" |\n");
        md.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(" |\n");
        md.append("| Java | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append(" |\n");
        md.append("| stack | Quarkus 3.33.2, PostgreSQL 14 (embedded binaries, fsync off), Kafka 4.1.2 KRaft (a JVM of its own), ")
                .append(LocalStack.Service.values().length).append(" services (each as many instances as --instances says) in JVMs with ")
                .append(jvmOptions()).append(", on ").append(serviceJava).append(", all on this one machine |\n");
        md.append("| driver | closed model: each client sends its next request when the previous answer arrived; HTTP/1.1 keep-alive from a separate process (the bench JVM); latencies in HdrHistogram; warm-up excluded")
                .append(cycleWarmup == null ? "" : String.format("; before the first borrow workload, %d unmeasured borrow + return cycles with 8 clients over the fixture's titles warmed the JIT up (%.0f s)",
                        cycleWarmup.completed + cycleWarmup.refused + cycleWarmup.failed, cycleWarmup.seconds))
                .append(" |\n\n");
        md.append("Everything (driver, " + LocalStack.Service.values().length + " services, PostgreSQL, Kafka) shares the same 2 cores, so the figures are what one small machine does, not a ceiling of the design.\n\n");

        if (!borrows.isEmpty()) {
            md.append("## 1–2. Borrow + return cycle vs. the PostgreSQL ceiling\n\n");
            md.append("A cycle = `POST /v1/loans` (loan-service → seat from license-service → loan + outbox) then `POST /v1/loans/{id}/return`, ")
                    .append("over ").append(options.getOrDefault("titles", "10000")).append(" titles with licences (concurrency 5), events flowing. ")
                    .append("Latencies are of the borrow request. Medians of ").append(borrows.get(0).runs().size()).append(" runs of ")
                    .append(options.getOrDefault("duration", "10")).append(" s each after ").append(options.getOrDefault("warmup", "5")).append(" s warm-up")
                    .append(cycleWarmup == null ? "" : String.format(" (and, before the first of them, %d borrow + return cycles with 8 clients, not measured: the JIT compiles the borrow path only after thousands of cycles)",
                            cycleWarmup.completed + cycleWarmup.refused + cycleWarmup.failed))
                    .append(". ")
                    .append("The ceiling is pgbench replaying the SQL of the same cycle (seat take, ledger, loan, outbox rows, return, release: ")
                    .append("`target/bench/borrow-return-cycle.sql`) with the same number of clients against the same PostgreSQL.\n\n");
            md.append("| clients | cycles/s | borrow p50 | p95 | p99 | max | return p99 | refused | failed | pgbench cycles/s | ratio | aim p99 ≤ 25 ms @64, ratio ≥ 0.5 |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            List<String> names = new ArrayList<>();
            List<Histogram> histograms = new ArrayList<>();
            List<long[]> series = new ArrayList<>();
            for (Borrow b : borrows) {
                double tput = median(b.runs(), LatencyRun::throughput);
                double p99 = median(b.runs(), r -> LatencyRun.ms(r.latency.getValueAtPercentile(99)));
                double ratio = b.ceiling() > 0 ? tput / b.ceiling() : 0;
                md.append(String.format("| %d | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %d | %.0f | %.2f | %s |%n",
                        b.clients(), tput,
                        median(b.runs(), r -> LatencyRun.ms(r.latency.getValueAtPercentile(50))),
                        median(b.runs(), r -> LatencyRun.ms(r.latency.getValueAtPercentile(95))),
                        p99,
                        median(b.runs(), r -> LatencyRun.ms(r.latency.getMaxValue())),
                        median(b.runs(), r -> LatencyRun.ms(r.secondary.getValueAtPercentile(99))),
                        b.runs().stream().mapToLong(r -> r.refused).sum(), b.runs().stream().mapToLong(r -> r.failed).sum(),
                        b.ceiling(), ratio,
                        b.clients() == 64 ? (p99 <= 25 ? "p99 met" : "p99 missed") + ", " + (ratio >= 0.5 ? "ratio met" : "ratio missed") : (ratio >= 0.5 ? "ratio met" : "ratio missed")));
                names.add(b.clients() + " clients");
                histograms.add(Bench.merged(b.runs(), false));
                series.add(b.runs().get(0).perSecond);
            }
            Plots.percentiles(out.resolve("borrow-latency.png"), "Borrow latency by percentile", names, histograms);
            Plots.throughput(out.resolve("borrow-throughput.png"), "Borrow + return cycles per second (first run)", names, series);
            md.append("\n![borrow latency](bench/results/borrow-latency.png)\n\n![throughput over time](bench/results/borrow-throughput.png)\n\n");
        }
        if (!open.isEmpty()) {
            int most = borrows.stream().mapToInt(Borrow::clients).max().orElse(0);
            md.append("## 2b. Open model: borrow latency at a set arrival rate\n\n");
            md.append(String.format("Borrow + return cycles arrive at a constant rate, a share of the %.0f cycles/s measured above with %d clients, "
                    + "each on a patron not busy with another cycle; latency is the borrow's, counted from the intended send time, so "
                    + "queueing anywhere (driver, services, database) is included. Each run starts once every service's consumers have "
                    + "caught up with what the workloads before it set off. Medians of %d runs of %s s after %s s warm-up.%n%n",
                    capacity(), most, open.get(0).runs().size(),
                    options.getOrDefault("duration", "10"), options.getOrDefault("warmup", "5")));
            md.append("| share of capacity | rate | completed/s | borrow p50 | p99 | max | refused | failed | aim p99 ≤ 50 ms at 50 % |\n|---|---|---|---|---|---|---|---|---|\n");
            for (Open o : open) {
                double p99 = median(o.runs(), r -> LatencyRun.ms(r.latency.getValueAtPercentile(99)));
                md.append(String.format("| %.0f %% | %.1f/s | %.1f | %.1f ms | %.1f ms | %.1f ms | %d | %d | %s |%n", o.share() * 100, o.rate(),
                        median(o.runs(), LatencyRun::throughput),
                        median(o.runs(), r -> LatencyRun.ms(r.latency.getValueAtPercentile(50))), p99,
                        median(o.runs(), r -> LatencyRun.ms(r.latency.getMaxValue())),
                        o.runs().stream().mapToLong(r -> r.refused).sum(), o.runs().stream().mapToLong(r -> r.failed).sum(),
                        o.share() == 0.5 ? (p99 <= 50 ? "met" : "missed") : ""));
            }
            md.append('\n');
        }
        if (!distributor.isEmpty()) {
            writeDistributor(md);
        }
        if (hot != null) {
            md.append("## 3. Hot title\n\n");
            md.append(String.format("%d clients race for one title with 3 seats (concurrency-3 licence): **%d loans granted** (must be exactly 3), %d refused with a problem, %d failed. ",
                    hot.clients, hot.completed, hot.refused, hot.failed));
            md.append(String.format("Refusal latency p50 %.1f ms, p99 %.1f ms, max %.1f ms.%n%n",
                    LatencyRun.ms(hot.latency.getValueAtPercentile(50)), LatencyRun.ms(hot.latency.getValueAtPercentile(99)),
                    LatencyRun.ms(hot.latency.getMaxValue())));
            if (hotFloor != null) {
                md.append(String.format("The floor, the same %d clients at once each reading their limits (`GET /v1/me/limits`: token check and three reads in one transaction, "
                                + "no lock, no write): p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d answered, %d failed).%n%n",
                        hotFloor.clients, LatencyRun.ms(hotFloor.latency.getValueAtPercentile(50)), LatencyRun.ms(hotFloor.latency.getValueAtPercentile(99)),
                        LatencyRun.ms(hotFloor.latency.getMaxValue()), hotFloor.completed, hotFloor.failed));
            }
            Plots.percentiles(out.resolve("hot-title-refusals.png"), "Hot title: refusal latency", List.of(hot.clients + " clients"), List.of(hot.latency));
            md.append("![hot title](bench/results/hot-title-refusals.png)\n\n");
        }
        if (propagation != null) {
            md.append("## 4. Event propagation\n\n");
            md.append(String.format("Time from a borrow's (or return's) HTTP answer until `GET /v1/publications/{id}` on catalog-service shows the new availability "
                            + "(loan-service outbox → Kafka → license-service → outbox → Kafka → catalog-service), polled without pause; %d samples: "
                            + "**p50 %.1f ms, p99 %.1f ms**, max %.1f ms (aim p99 ≤ 500 ms: %s); %d seen only after 10 s, %d never (not within 60 s). "
                            + "Sampling began once every consumer had caught up, %.0f s after the workload before it.%n%n",
                    propagation.latency.getTotalCount(), LatencyRun.ms(propagation.latency.getValueAtPercentile(50)),
                    LatencyRun.ms(propagation.latency.getValueAtPercentile(99)), LatencyRun.ms(propagation.latency.getMaxValue()),
                    LatencyRun.ms(propagation.latency.getValueAtPercentile(99)) <= 500 ? "met" : "missed", propagation.late,
                    propagation.failed, propagation.settledAfter));
            Plots.percentiles(out.resolve("propagation.png"), "Borrow/return → catalogue availability", List.of("propagation"), List.of(propagation.latency));
            md.append("![propagation](bench/results/propagation.png)\n\n");
        }
        if (reports != null) {
            writeReports(md);
        }
        if (imported == null) {
            md.append("## 5–6. Search and ONIX import\n\nNot run in this invocation (`--only`).\n\n");
        } else {
        md.append("## 5–6. Search and ONIX import\n\n");
        md.append("Import, with the rest of the stack running (the other services and Kafka; four services consume the"
                + " publication events while it runs)").append(onixWarmup > 0 ? String.format(", after an unmeasured import of %,d other"
                + " products and the stack settled (the JIT warm, as the borrow workloads run after their warm-up cycles)", onixWarmup)
                : ", the stack's first import (JIT cold)").append(": ").append(imported == null ? "not run" : imported.toString()).append(imported != null && imported.ok()
                ? (imported.perSecond() >= 5000 ? " (aim ≥ 5,000/s: met)" : " (aim ≥ 5,000/s: missed)") : "").append(".\n\n");
        if (!search.isEmpty()) {
            md.append("Search over the imported catalogue (").append(imported.products()).append(" publications; the 1,000,000 aim needs `--onix-products=1000000`), ")
                    .append(String.format("measured once the catalogue database was vacuumed and the stack had finished what the import set off (loan-service consuming the publication events; %.0f s after the import), ", settledSeconds))
                    .append("closed model (each client sends its next query when the answer came back), ten common words of the generated vocabulary in turn;"
                            + " the facets are `format=EBOOK` and the word's own language, a prefix is the first 3 or 4 letters of a word, a typo one letter"
                            + " left out, changed or added:\n\n");
            md.append("| query | clients | queries/s | p50 | p95 | p99 | failed | aim p99 ≤ 25 ms |\n|---|---|---|---|---|---|---|---|\n");
            for (LatencyRun s : search) {
                double p99 = LatencyRun.ms(s.latency.getValueAtPercentile(99));
                md.append(String.format("| %s | %d | %.0f | %.1f ms | %.1f ms | %.1f ms | %d | %s |%n", s.name, s.clients, s.throughput(),
                        LatencyRun.ms(s.latency.getValueAtPercentile(50)), LatencyRun.ms(s.latency.getValueAtPercentile(95)), p99,
                        s.failed, s.completed == 0 ? "not available" : p99 <= 25 ? "met" : "missed"));
            }
            md.append('\n');
        }
        }
        md.append("""
                ## What limits these figures

                Where a figure misses its aim above, these are the reasons we see on this machine, and what we will change:

                - **One 2-core machine runs everything**: the driver, the service JVMs, PostgreSQL and the Kafka broker. pgbench
                  gets both cores for SQL alone; the HTTP path shares them with everything else, and at 16 and 64 clients the
                  cores are saturated (load average well above 2), so latency is mostly queueing for CPU.
                - **Work per cycle beyond the SQL in the ceiling**: two HTTP hops with JSON and an RS256 token check each
                  (driver → loan-service → license-service), Hibernate, and the event fan-out. One borrow + return publishes
                  6 events; each relay batch is another transaction, and each event is consumed by two or three services, each
                  with its own transaction and processed-event row: about 15 transactions per cycle besides the 4 that
                  pgbench replays. That is the price of never losing an event, paid on the same 2 cores.
                - **Deliberate serialization**: one lock per title in license-service (no oversell) and one per patron in
                  loan-service (limits hold across devices). Since issue 12 no lock, transaction or connection is held
                  while loan-service waits for its seat, and since issue 14 none while it asks a seat for a hold either.
                - **Hot title refusals**: since issue 14 loan-service refuses at once, from the availability license-service
                  last published, a borrow of a title with no free copy (or no licence left) when the patron has no ready
                  hold: it neither waits for the title's lock nor asks license-service. A borrow that arrives while the
                  copies still look free and finds the title locked does not queue for the lock either: it looks again a
                  few milliseconds later, and is refused once the first borrows' pending loans have taken the copies.
                  Watched from PostgreSQL (issue 14, ninth pass), 495 of 497 refusals were decided this way in
                  loan-service, with no seat request: what a refusal costs beyond the floor is loan-service's own work
                  under the whole burst at once.
                - **Search on a small generated vocabulary**: the generator draws titles from ~30 words per language, so one keyword
                  matches 1–10 % of the catalogue (12,000–97,000 titles at 1,000,000), far broader than real titles. Search does
                  not read every match: it counts them in a uniform slice of the catalogue and reads the page through the index
                  of its order (catalog-service/README.md, "Search"). What each query still costs is about 5–7 ms of SQL in
                  4–6 statements, loading the 20 publications shown (Hibernate, JSON columns) and the HTTP round trip, on cores
                  shared with the driver and the other services.
                - **Import and its events**: each imported product is one publication-upserted event; loan-service applies
                  them a poll at a time, but relaying and consuming a million events still shares the two cores with the
                  import itself.
                - Next: the single-client path (its p50 is far above the sum of its SQL: pg_stat_statements puts a cycle's SQL
                  at a few milliseconds, the rest is two HTTP hops, token checks, Hibernate, about 8 transactions per service
                  per cycle and row-lock waits behind the event consumers of the same title), batching the relay's
                  acknowledgements, and a run on a machine with the services on their own cores.

                """);
        md.append("## 7. Services: time to ready and memory\n\n");
        md.append("| service | ready after launch (4 start side by side) | RSS idle | RSS peak under workload 1 |\n|---|---|---|---|\n");
        for (String module : ready.keySet()) {
            md.append(String.format("| %s | %.1f s | %.0f MB | %.0f MB |%n", module, ready.get(module).toMillis() / 1000.0,
                    rssIdle.getOrDefault(module, -1.0), rssLoaded.getOrDefault(module, -1.0)));
        }
        md.append('\n');
        if (!alone.isEmpty()) {
            writeAlone(md);
        }
        Files.writeString(file, md.toString());
    }

    /** The services' JVM options, and where they came from. */
    private static String jvmOptions() {
        String options = String.join(" ", LocalStack.serviceJvmOptions());
        return System.getenv(LocalStack.SERVICE_JVM_OPTS_ENV) == null || System.getenv(LocalStack.SERVICE_JVM_OPTS_ENV).isBlank()
                ? options : options + " (from " + LocalStack.SERVICE_JVM_OPTS_ENV + ")";
    }

    private void writeDistributor(StringBuilder md) {
        md.append("## 2c. Titles from a distributor\n\n");
        md.append(String.format("Borrow + return cycles with %d clients (closed model, as in 1–2) over two kinds of titles: the fixture's %s local "
                        + "titles (those of 1–2: licences added by hand, concurrency %d), and %d titles bought from the distributor simulator: it sells them in its "
                        + "ODL feed, license-service imports the feed (`POST /v1/imports/odl`), one licence each (concurrency %d: a returned "
                        + "copy goes back to the distributor later, in license-service's return batches, so the distributor needs room for "
                        + "every cycle of the run), and each borrow is checked out at the simulator (ODL checkout, license-service `checkouts`). "
                        + "The simulator answers checkouts and returns after the delay shown; only the checkout is on the patron's way, the "
                        + "return reaches the distributor afterwards. The kinds take turns run by run; medians of %d runs of %s s after %s s "
                        + "warm-up each%s.%n%n",
                distributorClients, options.getOrDefault("titles", "10000"), Fixture.LOCAL_CONCURRENCY, distributorTitles,
                Fixture.DISTRIBUTOR_CONCURRENCY, distributor.get(0).runs().size(), options.getOrDefault("duration", "10"),
                options.getOrDefault("warmup", "5"), distributorWarmup == null ? "" : String.format(
                        "; before them, %d unmeasured cycles over the distributor's titles with 8 clients (%d refused, %d failed)",
                        distributorWarmup.completed + distributorWarmup.refused + distributorWarmup.failed,
                        distributorWarmup.refused, distributorWarmup.failed)));
        md.append("| titles | distributor answers after | cycles/s | borrow p50 | p95 | p99 | max | refused | failed | ÷ local |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        double local = distributor.stream().filter(c -> c.delayMs() == null).findFirst()
                .map(c -> median(c.runs(), LatencyRun::throughput)).orElse(0.0);
        DistributorCase slowest = null;
        for (DistributorCase c : distributor) {
            double tput = median(c.runs(), LatencyRun::throughput);
            md.append(String.format("| %s | %s | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %d | %s |%n",
                    c.delayMs() == null ? "local" : "distributor", c.delayMs() == null ? "—" : c.delayMs() + " ms", tput,
                    median(c.runs(), r -> LatencyRun.ms(r.latency.getValueAtPercentile(50))),
                    median(c.runs(), r -> LatencyRun.ms(r.latency.getValueAtPercentile(95))),
                    median(c.runs(), r -> LatencyRun.ms(r.latency.getValueAtPercentile(99))),
                    median(c.runs(), r -> LatencyRun.ms(r.latency.getMaxValue())),
                    c.runs().stream().mapToLong(r -> r.refused).sum(), c.runs().stream().mapToLong(r -> r.failed).sum(),
                    c.delayMs() == null || local == 0 ? "—" : String.format("%.2f", tput / local)));
            if (c.delayMs() != null && (slowest == null || c.delayMs() > slowest.delayMs())) {
                slowest = c;
            }
        }
        if (slowest != null && local > 0) {
            double ratio = median(slowest.runs(), LatencyRun::throughput) / local;
            md.append(String.format("%n**Distributor answering after %d ms ÷ local titles, %d clients: %.2f** (aim ≥ 0.8: %s; a wait at the "
                    + "distributor must not hold anything others wait for).%n", slowest.delayMs(), distributorClients, ratio,
                    ratio >= 0.8 ? "met" : "missed"));
        }
        md.append('\n');
    }

    private void writeReports(StringBuilder md) throws IOException {
        Reports.Result r = reports;
        md.append("## 8. Reports at national scale (issue 17)\n\n");
        md.append(String.format("A synthetic year (%d) loaded straight into report-service's database in the shape its consumers write: "
                        + "%d municipalities (populations like Finland's: the ten largest by their real codes and sizes, the rest on a power law "
                        + "down to about 1,000 residents), one library each, %,d titles in the publication dimension (title popularity Zipf-like, "
                        + "exponent 1), **%,d loans** drawn one by one and aggregated per day into **%,d `loan_day` rows**, %,d holds (`hold_wait`, "
                        + "%,d `hold_day` rows) and the monthly and daily borrower counts; loaded in %.0f s. Sizes: %s.%n%n",
                r.year, r.options.municipalities(), r.options.titles(), r.loansStood, r.loanRows, r.holdRows, r.holdDayRows,
                r.loadSeconds, r.tableSizes));
        md.append("Municipality report, `GET /v1/reports/municipalities/{code}` with an admin token, one request after another "
                + "(large: the ten largest municipalities in turn; small: ten spread over the rest):\n\n");
        md.append("| report | requests | p50 | p95 | p99 | max | failed | aim ≤ 200 ms (one month) |\n|---|---|---|---|---|---|---|---|\n");
        List<String> names = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        for (Reports.Latency l : r.latencies) {
            double p95 = LatencyRun.ms(l.run().latency.getValueAtPercentile(95));
            md.append(String.format("| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %s |%n", l.name(), l.run().completed,
                    LatencyRun.ms(l.run().latency.getValueAtPercentile(50)), p95, LatencyRun.ms(l.run().latency.getValueAtPercentile(99)),
                    LatencyRun.ms(l.run().latency.getMaxValue()), l.run().failed,
                    l.name().startsWith("one month") ? (p95 <= 200 ? "met (p95)" : "missed (p95)") : ""));
            names.add(l.name());
            histograms.add(l.run().latency);
        }
        Plots.percentiles(out.resolve("report-latency.png"), "Municipality report latency", names, histograms);
        md.append("\n![report latency](bench/results/report-latency.png)\n\n");
        if (!r.explained.isEmpty()) {
            md.append("EXPLAIN ANALYZE in report-service's database (one of the report's queries, Helsinki):\n\n| query | execution |\n|---|---|\n");
            r.explained.forEach((query, ms) -> md.append(String.format("| %s | %.0f ms |%n", query, ms)));
            md.append('\n');
        }
        md.append("National year export, `GET /v1/reports/loans/export?from=" + r.year + "-01&to=" + r.year + "-12`, the body streamed and its rows counted as they arrive:\n\n");
        md.append("| format | rows | bytes | first byte after | all after | rows/s | aim ≥ 50,000 rows/s |\n|---|---|---|---|---|---|---|\n");
        for (Reports.Export e : r.exports) {
            md.append(String.format("| %s | %,d | %,d | %.1f s | %.1f s | %,.0f | %s |%n", e.format(), e.rows(), e.bytes(), e.firstByteSeconds(),
                    e.seconds(), e.rowsPerSecond(), e.status() != 200 ? "failed (" + e.status() + ")" : e.rowsPerSecond() >= 50_000 ? "met" : "missed"));
        }
        if (r.borrow != null) {
            md.append(String.format("%nConsumer lag: borrow + return with %d clients for %.0f s (%s), %,d loan events produced meanwhile; "
                    + "report-service's consumer groups sampled every second (Kafka AdminClient: committed offsets against end offsets; "
                    + "seconds behind = how long ago the end offset first passed the committed one, 1 s resolution):%n%n",
                    r.borrow.clients, r.borrow.seconds, r.borrow.summary(), r.lagProduced));
            md.append("| group | most records behind | max seconds behind | p99 | caught up after the load | aim < 5 s |\n|---|---|---|---|---|---|\n");
            List<String> groups = new ArrayList<>();
            List<long[]> series = new ArrayList<>();
            for (Reports.Lag l : r.lags) {
                md.append(String.format("| %s | %,d | %.0f s | %.0f s | %s | %s |%n", l.group(), l.maxRecords(), l.maxSeconds(), l.p99Seconds(),
                        l.caughtUpAfterSeconds() < 0 ? "not within 120 s" : String.format("%.0f s", l.caughtUpAfterSeconds()),
                        l.maxSeconds() < 5 ? "met" : "missed"));
                groups.add(l.group());
                series.add(l.secondsBehind());
            }
            Plots.perSecond(out.resolve("report-lag.png"), "report-service consumer lag, sampled every second", "seconds behind", groups, series);
            md.append("\n![consumer lag](bench/results/report-lag.png)\n\n");
        }
    }

    private void writeAlone(StringBuilder md) {
        int launches = alone.get(0).readySeconds().size();
        md.append("## 7b. Each service alone: time to ready and memory\n\n");
        md.append(String.format("Each service started by itself, PostgreSQL and Kafka up and the other services stopped, JVM options `%s` on %s. "
                + "Ready: from launching its JVM until `GET /ready` answered 200 (asked every 100 ms). RSS (`VmRSS` of `/proc/<pid>/status`) "
                + "%d s after that, idle; then the services its load calls were started side by side (none for patron-service; for the "
                + "others patron-service, whose keys verify every token, and for loan-service also license-service, which grants the "
                + "seats), the load ran, and the RSS was read again. "
                + "Medians of %d launches, the range in brackets.%n%n",
                jvmOptions(), serviceJava, Alone.IDLE_AFTER.toSeconds(), launches));
        md.append("| service | ready alone | RSS idle | RSS after the load | load | failed | aim ready ≤ 3 s, RSS ≤ 250 MB |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Alone.Launches l : alone) {
            double ready = median(l.readySeconds());
            double loaded = median(l.rssLoadedMb());
            md.append(String.format("| %s | %.1f s (%s) | %.0f MB (%s) | %.0f MB (%s) | %s | %d | %s |%n", l.service().module,
                    ready, range(l.readySeconds(), "%.1f"), median(l.rssIdleMb()), range(l.rssIdleMb(), "%.0f"),
                    loaded, range(l.rssLoadedMb(), "%.0f"), Alone.load(l.service()), l.loadFailures(),
                    (ready <= 3 ? "ready met" : "ready missed") + ", " + (loaded <= 250 ? "RSS met" : "RSS missed")));
        }
        md.append('\n');
    }

    private static String range(List<Double> values, String format) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return String.format(format, min) + "–" + String.format(format, max);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    static double median(List<LatencyRun> runs, ToDoubleFunction<LatencyRun> figure) {
        return median(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
    }
}
