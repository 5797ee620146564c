package fi.lainaamo.bench;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The benchmark command: starts the whole stack as the local-stack command does (five service processes, real
 * PostgreSQL and Kafka), creates its own data, drives the workloads from this separate process over HTTP, stops
 * everything and writes BENCHMARKS.md with PNG plots.
 *
 * <p>Options ({@code --name=value}): duration (measured seconds per run, 10), warmup (seconds, 5), warmup-cycles
 * (unmeasured borrow + return cycles with 8 clients before the first borrow workload, 3000), clients (1,16,64),
 * runs (3; medians are reported), titles (10000), hot-clients (500), propagation-samples (100), onix-products
 * (100000), onix-warmup-products (20000: imported unmeasured before them, then the stack settles), search-seconds (10), search-clients (1: the client counts each search kind runs with, e.g. 1,8),
 * search-warmup-seconds (5: every search kind runs that long with the most clients before any is measured, unreported),
 * search-hold (0: seconds the stack stays up after the search, for EXPLAIN or a profiler), distributor-titles (1000), distributor-delays (0,50: milliseconds the distributor
 * simulator takes to answer a checkout), alone-launches (3), out (bench/results), only
 * (borrow,open,hot,propagation,import,search by default; also distributor, alone and reports; open needs borrow: its
 * rates are shares of the largest client count's throughput), report (BENCHMARKS.md); for reports (issue 17):
 * report-municipalities (300), report-titles (100000), report-loans (20000000: loans in the synthetic year),
 * report-requests (100 per period kind), report-xlsx (true), report-lag-seconds (60: the borrow workload at the largest
 * client count while report-service's consumer lag is sampled).
 */
public final class Bench {

    /** What {@code --only} may name; the first six run by default. */
    private static final List<String> WORKLOADS = List.of("borrow", "open", "hot", "propagation", "import", "search",
            "distributor", "alone", "reports");
    /** The workloads that borrow: the JIT is warmed up with cycles before the first of them. */
    private static final Set<String> BORROWING = Set.of("borrow", "open", "distributor", "hot", "propagation", "reports");
    /** Clients of the unmeasured warm-up cycles. */
    private static final int WARMUP_CLIENTS = 8;
    /** At most this many warm-up cycles over the distributor's titles (most of the path is warm by then). */
    private static final int DISTRIBUTOR_WARMUP_CYCLES = 1000;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int seconds = Integer.parseInt(o.getOrDefault("duration", "10"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        int warmupCycles = Integer.parseInt(o.getOrDefault("warmup-cycles", "3000"));
        int distributorTitles = Integer.parseInt(o.getOrDefault("distributor-titles", "1000"));
        List<Integer> distributorDelays = Arrays.stream(o.getOrDefault("distributor-delays", "0,50").split(","))
                .map(Integer::parseInt).toList();
        int aloneLaunches = Integer.parseInt(o.getOrDefault("alone-launches", "3"));
        List<Integer> clientCounts = Arrays.stream(o.getOrDefault("clients", "1,16,64").split(",")).map(Integer::parseInt).toList();
        int runs = Integer.parseInt(o.getOrDefault("runs", "3"));
        int titles = Integer.parseInt(o.getOrDefault("titles", "10000"));
        int hotClients = Integer.parseInt(o.getOrDefault("hot-clients", "500"));
        int samples = Integer.parseInt(o.getOrDefault("propagation-samples", "100"));
        int onixProducts = Integer.parseInt(o.getOrDefault("onix-products", "100000"));
        int onixWarmup = Integer.parseInt(o.getOrDefault("onix-warmup-products", "20000"));
        int searchSeconds = Integer.parseInt(o.getOrDefault("search-seconds", "10"));
        List<Integer> searchClients = Arrays.stream(o.getOrDefault("search-clients", "1").split(",")).map(Integer::parseInt).toList();
        int searchHold = Integer.parseInt(o.getOrDefault("search-hold", "0"));
        int searchWarmup = Integer.parseInt(o.getOrDefault("search-warmup-seconds", "5"));
        // issue 18: the same workloads against N instances of each service behind the stack's round-robins
        int instances = Integer.parseInt(o.getOrDefault("instances", "1"));
        Path repoRoot = Path.of(o.getOrDefault("repo", ".")).toAbsolutePath().normalize();
        Path out = Files.createDirectories(repoRoot.resolve(o.getOrDefault("out", "bench/results")));
        Path work = Files.createDirectories(repoRoot.resolve("target/bench"));
        Set<String> only = Set.of(o.getOrDefault("only", String.join(",", WORKLOADS.subList(0, 6))).split(","));
        for (String workload : only) {
            if (!WORKLOADS.contains(workload)) {
                throw new IllegalArgumentException("--only takes " + String.join(",", WORKLOADS) + "; not " + workload);
            }
        }

        Report report = new Report(repoRoot, out, o, repoRoot.resolve(o.getOrDefault("report", "BENCHMARKS.md")));
        Api api = new Api();
        System.out.println("Starting the stack ...");
        // large ONIX files are imported from a server path, as the catalogue's API offers for big batches; access
        // tokens keep their real five minutes: the fixture signs in again before each workload
        try (LocalStack stack = LocalStack.start(repoRoot, work.resolve("stack"), new LocalStack.Options(false,
                LocalStack.Data.THROWAWAY, Map.of(Service.CATALOG, Map.of("LAINAAMO_IMPORT_DIR", work.toString())), instances, true), System.out)) {
            report.serviceJava = stack.javaDescription();
            for (Service s : Service.values()) {
                report.ready.put(s.module, stack.readyAfter(s));
            }
            int maxClients = clientCounts.stream().max(Integer::compare).orElse(1);
            System.out.println("Creating " + titles + " titles with licences and " + Math.max(maxClients, 100) + " patrons ...");
            Fixture fixture = Fixture.create(stack, api, Math.max(maxClients, 100), titles, Math.max(20, Math.min(samples, 200)));
            for (Service s : Service.values()) {
                report.rssIdle.put(s.module, Resources.rssMb(stack.pid(s)));
            }
            Workloads workloads = new Workloads(stack, api, fixture);
            if (warmupCycles > 0 && only.stream().anyMatch(BORROWING::contains)) {
                fixture.signInAgain(stack, api);
                System.out.println("Warming up: " + warmupCycles + " borrow + return cycles with " + WARMUP_CLIENTS + " clients ...");
                report.cycleWarmup = workloads.cycles("warm-up", warmupCycles, WARMUP_CLIENTS, fixture.titles);
                System.out.println("  " + report.cycleWarmup.summary());
            }

            for (int clients : only.contains("borrow") ? clientCounts : List.<Integer>of()) {
                List<LatencyRun> attempts = new ArrayList<>();
                fixture.signInAgain(stack, api);
                for (int r = 0; r < runs; r++) {
                    Resources.Sampler rss = clients == maxClients && r == 0 ? new Resources.Sampler(stack) : null;
                    LatencyRun run = workloads.borrowReturn(clients, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
                    if (rss != null) {
                        report.rssLoaded.putAll(rss.stop());
                    }
                    System.out.println("  " + run.summary());
                    attempts.add(run);
                }
                double ceiling = 0;
                List<Double> ceilings = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    ceilings.add(Ceiling.cyclesPerSecond(stack.postgresPort(), clients, seconds, titles, work));
                }
                ceiling = Report.median(ceilings);
                System.out.printf("  pgbench ceiling at %d clients: %.0f cycles/s%n", clients, ceiling);
                report.borrow(clients, attempts, ceiling);
            }

            if (only.contains("open") && report.capacity() > 0) {
                for (double share : List.of(0.25, 0.5, 0.75)) {
                    double rate = share * report.capacity();
                    fixture.signInAgain(stack, api);
                    List<LatencyRun> attempts = new ArrayList<>();
                    for (int r = 0; r < runs; r++) {
                        LatencyRun run = workloads.borrowOpen(rate, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
                        System.out.println("  " + run.summary());
                        attempts.add(run);
                    }
                    report.open(share, rate, attempts);
                }
            }
            if (only.contains("distributor")) {
                distributor(stack, api, fixture, workloads, report, distributorTitles, distributorDelays, maxClients, runs,
                        Math.min(warmupCycles, DISTRIBUTOR_WARMUP_CYCLES), Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
            }
            if (only.contains("hot")) {
                fixture.signInAgain(stack, api);
                LatencyRun hot = workloads.hotTitle(hotClients, fixture.hotTitle);
                System.out.println("  " + hot.summary());
                report.hot = hot;
                LatencyRun floor = workloads.hotFloor(hotClients);
                System.out.println("  " + floor.summary());
                report.hotFloor = floor;
            }
            if (only.contains("propagation")) {
                fixture.signInAgain(stack, api);
                LatencyRun propagation = workloads.propagation(samples);
                System.out.println("  " + propagation.summary());
                report.propagation = propagation;
            }
            if (only.contains("reports")) {
                fixture.signInAgain(stack, api);
                report.reports = new Reports(stack, api, fixture, workloads).run(new Reports.Options(
                        Integer.parseInt(o.getOrDefault("report-municipalities", "300")),
                        Integer.parseInt(o.getOrDefault("report-titles", "100000")),
                        Long.parseLong(o.getOrDefault("report-loans", "20000000")),
                        Integer.parseInt(o.getOrDefault("report-requests", "100")),
                        Boolean.parseBoolean(o.getOrDefault("report-xlsx", "true")), maxClients,
                        Duration.ofSeconds(Integer.parseInt(o.getOrDefault("report-lag-seconds", "60")))));
            }
            if (only.contains("alone")) {
                System.out.println("Starting each service alone, " + aloneLaunches + " times ...");
                report.alone = Alone.measure(stack, api, fixture, workloads, aloneLaunches);
            }
            fixture.signInAgain(stack, api);
            Imports.Result imported = only.contains("import") || only.contains("search")
                    ? Imports.onix(stack, api, () -> fixture.renewAdmin(stack, api), onixProducts, onixWarmup, work) : null;
            if (imported != null) {
                System.out.println("  import: " + imported);
                report.imported = imported;
                report.onixWarmup = onixWarmup;
            }
            if (imported != null && imported.ok() && only.contains("search")) {
                report.settledSeconds = Imports.settle(stack.postgresPort());
                System.out.printf("  catalogue vacuumed and the stack settled %.0f s after the import%n", report.settledSeconds);
                // the JIT, the connection pool and PostgreSQL's caches warm up on every kind first, so the first kind measured
                // does not pay for them (issue 14: the search workload had no warm-up)
                int mostClients = searchClients.stream().mapToInt(Integer::intValue).max().orElse(1);
                for (Map.Entry<String, List<String>> kind : Imports.searchQueries().entrySet()) {
                    if (searchWarmup > 0) {
                        workloads.search(kind.getKey(), kind.getValue(), mostClients, Duration.ofSeconds(searchWarmup));
                    }
                }
                for (int clients : searchClients) {
                    for (Map.Entry<String, List<String>> kind : Imports.searchQueries().entrySet()) {
                        LatencyRun run = workloads.search(kind.getKey(), kind.getValue(), clients, Duration.ofSeconds(searchSeconds));
                        System.out.println("  " + run.summary());
                        report.search.add(run);
                    }
                }
                if (searchHold > 0) {
                    System.out.printf("  holding the stack for %d s: PostgreSQL on port %d, catalog-service pid %d%n", searchHold,
                            stack.postgresPort(), stack.pid(Service.CATALOG));
                    Thread.sleep(searchHold * 1000L);
                }
            }
        }
        report.write();
        System.out.println("Wrote " + repoRoot.resolve(o.getOrDefault("report", "BENCHMARKS.md")) + " and plots in " + out);
    }

    /**
     * Workload 2c: local titles against titles from the distributor simulator (imported from its ODL feed and checked
     * out there), the simulator answering checkouts after each of {@code delays} in turn, run by run.
     */
    private static void distributor(LocalStack stack, Api api, Fixture fixture, Workloads workloads, Report report, int titles,
                                    List<Integer> delays, int clients, int runs, int warmupCycles, Duration warmup,
                                    Duration measured) throws Exception {
        fixture.signInAgain(stack, api);
        System.out.println("Importing " + titles + " titles from the distributor simulator's ODL feed ...");
        List<UUID> fromDistributor = fixture.distributorTitles(stack, api, titles);
        report.distributorTitles = fromDistributor.size();
        report.distributorClients = clients;
        if (warmupCycles > 0) {
            report.distributorWarmup = workloads.cycles("distributor warm-up", warmupCycles, WARMUP_CLIENTS, fromDistributor);
            System.out.println("  " + report.distributorWarmup.summary());
        }
        List<LatencyRun> local = new ArrayList<>();
        Map<Integer, List<LatencyRun>> byDelay = new LinkedHashMap<>();
        try {
            for (int r = 0; r < runs; r++) {
                fixture.signInAgain(stack, api);
                stack.distributor().answerLendingAfter(Duration.ZERO);
                LatencyRun run = workloads.borrowReturn("local titles", fixture.titles, clients, warmup, measured);
                System.out.println("  " + run.summary());
                local.add(run);
                for (int delay : delays) {
                    stack.distributor().answerLendingAfter(Duration.ofMillis(delay));
                    run = workloads.borrowReturn("distributor titles, checkout answered after " + delay + " ms", fromDistributor,
                            clients, warmup, measured);
                    System.out.println("  " + run.summary());
                    byDelay.computeIfAbsent(delay, d -> new ArrayList<>()).add(run);
                }
            }
        } finally {
            stack.distributor().answerLendingAfter(Duration.ZERO);
        }
        report.distributor(null, local);
        byDelay.forEach(report::distributor);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --duration=15, not " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    static Histogram merged(List<LatencyRun> runs, boolean secondary) {
        Histogram all = new Histogram(60_000_000L, 3);
        runs.forEach(r -> all.add(secondary ? r.secondary : r.latency));
        return all;
    }

    static Instant now() {
        return Instant.now();
    }
}
