package fi.lainaamo.bench;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;

/**
 * Workload 8 (issue 17): reports at national scale. Loads a synthetic year into report-service's database in the
 * shape its consumers produce (the publication dimension, libraries and the municipalities they serve, loan_day,
 * hold_day, hold_wait, borrower_count), with Zipf-like title popularity and municipality sizes like Finland's, then
 * measures through the real HTTP API: the municipality report's latency, the national year export's rows per second
 * (CSV and XLSX), and report-service's consumer lag while the borrow workload runs at its largest client count.
 */
final class Reports {

    /** Options of the workload. */
    record Options(int municipalities, int titles, long loans, int requests, boolean xlsx, int clients, Duration lagRun) {
    }

    /** One kind of report request: its latencies and how many were sent. */
    record Latency(String name, LatencyRun run) {
    }

    /** One export: rows, bytes, seconds to the first byte and to the last. */
    record Export(String format, long rows, long bytes, double firstByteSeconds, double seconds, int status) {
        double rowsPerSecond() {
            return seconds == 0 ? 0 : rows / seconds;
        }
    }

    /** The consumer lag while the borrow workload ran: per group, the largest records behind and seconds behind. */
    record Lag(String group, long maxRecords, double maxSeconds, double p99Seconds, double caughtUpAfterSeconds, long[] secondsBehind) {
    }

    /** Everything measured. */
    static final class Result {
        Options options;
        int year;
        long loanRows;
        long loansStood;
        long holdRows;
        long holdDayRows;
        double loadSeconds;
        String tableSizes;
        /** EXPLAIN ANALYZE execution times of report queries for Helsinki (what the report reads: before and after V7). */
        final Map<String, Double> explained = new LinkedHashMap<>();
        final List<Latency> latencies = new ArrayList<>();
        final List<Export> exports = new ArrayList<>();
        final List<Lag> lags = new ArrayList<>();
        LatencyRun borrow;
        long lagProduced;
    }

    /** Finland's largest municipalities (code, population), the rest follow a power law below them. */
    private static final String[][] LARGEST = {{"091", "674500"}, {"049", "314000"}, {"837", "255000"}, {"092", "247400"},
            {"564", "215000"}, {"853", "201900"}, {"179", "147700"}, {"297", "124500"}, {"398", "121000"}, {"609", "84000"}};

    private final LocalStack stack;
    private final Api api;
    private final Fixture fixture;
    private final Workloads workloads;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Reports(LocalStack stack, Api api, Fixture fixture, Workloads workloads) {
        this.stack = stack;
        this.api = api;
        this.fixture = fixture;
        this.workloads = workloads;
    }

    Result run(Options o) throws Exception {
        Result result = new Result();
        result.options = o;
        result.year = LocalDate.now().getYear() - 1;
        List<String> codes = load(o, result);
        fixture.signInAgain(stack, api);
        String y = Integer.toString(result.year);
        // big: the ten largest; small: from the rest, spread over the ranks
        List<String> big = codes.subList(0, Math.min(10, codes.size()));
        List<String> small = new ArrayList<>();
        for (int i = 10; i < codes.size(); i += Math.max(1, (codes.size() - 10) / 10)) {
            small.add(codes.get(i));
        }
        if (small.isEmpty()) {
            small = big;
        }
        // unmeasured warm-up: the JIT and PostgreSQL's caches
        for (int i = 0; i < 10; i++) {
            api.get(reportUrl(big.get(i % big.size()), y + "-06", y + "-06"), fixture.adminToken);
        }
        result.latencies.add(new Latency("one month, large municipalities", latencies(big, y + "-06", y + "-06", o.requests() / 2)));
        result.latencies.add(new Latency("one month, small municipalities", latencies(small, y + "-06", y + "-06", o.requests() / 2)));
        result.latencies.add(new Latency("twelve months, large municipalities", latencies(big, y + "-01", y + "-12", o.requests() / 2)));
        result.latencies.add(new Latency("twelve months, small municipalities", latencies(small, y + "-01", y + "-12", o.requests() / 2)));
        for (Latency l : result.latencies) {
            System.out.println("  report " + l.name() + ": " + l.run().summary());
        }
        fixture.signInAgain(stack, api);
        result.exports.add(export(y, "csv"));
        System.out.println("  export " + result.exports.get(result.exports.size() - 1));
        if (o.xlsx()) {
            fixture.signInAgain(stack, api);
            result.exports.add(export(y, "xlsx"));
            System.out.println("  export " + result.exports.get(result.exports.size() - 1));
        }
        lag(o, result);
        return result;
    }

    // ---------------------------------------------------------------------------------------------------- the data

    /** Loads the synthetic year; answers the municipality codes, largest first. */
    private List<String> load(Options o, Result result) throws SQLException {
        long t0 = System.nanoTime();
        List<String> codes = codes(o.municipalities());
        System.out.printf("Loading a synthetic year (%d) into report-service: %d municipalities, %d titles, %,d loans ...%n",
                result.year, o.municipalities(), o.titles(), o.loans());
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(Service.REPORT), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("set synchronous_commit = off");
            s.execute("set work_mem = '64MB'");
            // the municipalities: populations like Finland's (Helsinki large, many small), one library each
            s.execute("drop table if exists bench_municipality");
            s.execute("create unlogged table bench_municipality (rank int primary key, code text not null, library_id uuid not null, "
                    + "population double precision not null, per_day double precision)");
            StringBuilder values = new StringBuilder();
            for (int r = 0; r < codes.size(); r++) {
                double population = r < LARGEST.length ? Double.parseDouble(LARGEST[r][1]) : 674500 / Math.pow(r + 1, 1.15);
                values.append(r == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "(%d, '%s', gen_random_uuid(), %.0f)", r + 1, codes.get(r), population));
            }
            s.execute("insert into bench_municipality (rank, code, library_id, population) values " + values);
            s.execute("update bench_municipality set per_day = " + o.loans() + " * population / (select sum(population) from bench_municipality) / 365.0");
            s.execute("insert into library (library_id, status, join_date) select library_id, 'joined', date '" + result.year + "-01-01' from bench_municipality");
            s.execute("insert into library_municipality (library_id, municipality) select library_id, code from bench_municipality");
            // the publication dimension: title n is the n-th most borrowed (Zipf), attributes spread deterministically
            s.execute("insert into publication (publication_id, title, format, language, contributors, audience, fiction, subjects, "
                    + "publisher, published_year, identifiers) select " + title("n") + ", 'Synteettinen teos ' || n, "
                    + "case when n % 10 < 7 then 'EBOOK' else 'AUDIOBOOK' end, "
                    + "case when n % 10 < 8 then 'fi' when n % 10 = 8 then 'sv' else 'en' end, "
                    + "array['Kirjoittaja ' || (n * 7919 % 20000), 'Kääntäjä ' || (n % 500)], "
                    + "case when n % 7 < 5 then 'ADULT' when n % 7 = 5 then 'TEEN' else 'CHILDREN' end, "
                    + "n % 3 <> 0, array['FB' || chr(65 + n % 20), 'Y' || chr(65 + n % 7)], 'Kustantamo ' || (n * 31 % 300), "
                    + "1990 + n % 36, array['978' || lpad(n::text, 10, '0')] from generate_series(0, " + (o.titles() - 1) + ") n "
                    + "on conflict do nothing");
            // report-service keeps a monthly rollup of loan_day by triggers (V7) and a breakdown rollup of that by triggers
            // (V11): during the bulk load they are off and the year's months and shares are added in one statement each
            // afterwards, which is the same sum at a fraction of the cost
            boolean rollup = single(s, "select count(*) from pg_class where relname = 'loan_month'") > 0;
            if (rollup) {
                s.execute("set session_replication_role = replica");
            }
            // the loans: each drawn one by one (title rank N^u: Zipf with exponent 1), aggregated per day as the
            // consumer does; a day at a time so each aggregate fits in memory
            String title = "floor(exp(random() * ln(" + o.titles() + " + 1)))::int - 1";
            for (LocalDate day = LocalDate.of(result.year, 1, 1); day.getYear() == result.year; day = day.plusDays(1)) {
                // weekdays lend a little more than weekends, winter more than summer
                double season = 1 + 0.15 * Math.cos(2 * Math.PI * (day.getDayOfYear() - 15) / 365.0)
                        + (day.getDayOfWeek().getValue() >= 6 ? -0.1 : 0.04);
                s.execute(String.format(java.util.Locale.ROOT, "insert into loan_day (day, municipality, library_id, publication_id, loans) "
                        + "select date '%s', code, library_id, %s, count(*) from (select m.code, m.library_id, %s t "
                        + "from bench_municipality m, generate_series(1, floor(m.per_day * %.4f + random())::int) k) x group by 1, 2, 3, 4",
                        day, title("t"), title, season));
                // holds: one for every tenth loan, on the 2,000 most wanted titles; most became ready within two weeks
                s.execute(String.format(java.util.Locale.ROOT, "insert into hold_wait (hold_id, publication_id, municipality, placed_at, ready_at, ended_at, ended_as) "
                        + "select gen_random_uuid(), %s, code, placed, case when r < 0.95 then placed + random() * interval '14 days' end, "
                        + "case when r < 0.9 then placed + interval '15 days' end, case when r < 0.9 then 'fulfilled' end from ("
                        + "select m.code, floor(exp(random() * ln(2001)))::int - 1 t, (date '%s' + random() * interval '1 day') at time zone 'Europe/Helsinki' placed, random() r "
                        + "from bench_municipality m, generate_series(1, floor(m.per_day * %.4f / 10 + random())::int) k) x",
                        title("t"), day, season));
            }
            if (rollup) {
                s.execute("insert into loan_month (month, municipality, library_id, publication_id, loans) select date_trunc('month', day)::date, "
                        + "municipality, library_id, publication_id, sum(loans) from loan_day where day >= date '" + result.year + "-01-01' and day < date '"
                        + (result.year + 1) + "-01-01' group by 1, 2, 3, 4 on conflict (municipality, month, publication_id, library_id) "
                        + "do update set loans = loan_month.loans + excluded.loans");
                // the breakdown rollup (V11), kept by triggers on loan_month, recounted in one statement as well
                if (single(s, "select count(*) from pg_proc where proname = 'loan_shares_recount'") > 0) {
                    s.execute("select loan_shares_recount()");
                }
                s.execute("set session_replication_role = origin");
            }
            s.execute("insert into hold_day (day, publication_id, placed, ready, expired, cancelled, fulfilled) "
                    + "select (placed_at at time zone 'Europe/Helsinki')::date, publication_id, count(*), count(ready_at), 0, 0, count(ended_at) "
                    + "from hold_wait where placed_at >= date '" + result.year + "-01-01' group by 1, 2 on conflict do nothing");
            // distinct borrowers: counted once the period is over (as the sweep leaves them), about 0.6 per loan a month
            s.execute("insert into borrower_count (grain, period, municipality, borrowers) select 'M', date_trunc('month', day)::date, "
                    + "municipality, ceil(sum(loans) * 0.6) from loan_day where day >= date '" + result.year + "-01-01' and day < date '"
                    + (result.year + 1) + "-01-01' group by 2, 3 on conflict do nothing");
            s.execute("insert into borrower_count (grain, period, municipality, borrowers) select 'D', day, municipality, ceil(sum(loans) * 0.95) "
                    + "from loan_day where day >= date '" + result.year + "-01-01' and day < date '" + (result.year + 1) + "-01-01' "
                    + "group by 2, 3 on conflict do nothing");
            s.execute("vacuum analyze");
            result.loanRows = single(s, "select count(*) from loan_day where day < date '" + (result.year + 1) + "-01-01'");
            result.loansStood = single(s, "select sum(loans) from loan_day where day < date '" + (result.year + 1) + "-01-01'");
            result.holdRows = single(s, "select count(*) from hold_wait");
            result.holdDayRows = single(s, "select count(*) from hold_day");
            StringBuilder sizes = new StringBuilder();
            try (ResultSet rs = s.executeQuery("select relname, pg_size_pretty(pg_total_relation_size(oid)) from pg_class "
                    + "where relkind in ('r', 'm') and relnamespace = 'public'::regnamespace and pg_total_relation_size(oid) > 8 * 1024 * 1024 "
                    + "order by pg_total_relation_size(oid) desc")) {
                while (rs.next()) {
                    sizes.append(sizes.isEmpty() ? "" : ", ").append('`').append(rs.getString(1)).append("` ").append(rs.getString(2));
                }
            }
            result.tableSizes = sizes.toString();
            s.execute("drop table bench_municipality");
            explain(s, result);
        }
        result.loadSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  loaded in %.0f s: %,d loan_day rows standing for %,d loans, %,d holds; %s%n", result.loadSeconds,
                result.loanRows, result.loansStood, result.holdRows, result.tableSizes);
        return codes;
    }

    /**
     * EXPLAIN ANALYZE, for Helsinki over one month and twelve: one breakdown (by format) summed from the daily rows, as
     * each of the report's six breakdowns and its top titles read them before the monthly rollup; and from the rollup
     * (when report-service has it), as they read it now.
     */
    private static void explain(Statement s, Result result) throws SQLException {
        boolean rollup = single(s, "select count(*) from pg_class where relname = 'loan_month'") > 0;
        for (String[] period : List.of(new String[]{"one month", result.year + "-06-01", result.year + "-07-01"},
                new String[]{"twelve months", result.year + "-01-01", (result.year + 1) + "-01-01"})) {
            String where = " where l.municipality = '091' and %1$s >= date '" + period[1] + "' and %1$s < date '" + period[2] + "'";
            result.explained.put("091, " + period[0] + ", loans by format from loan_day (daily rows)", executionMs(s,
                    "select m, v, sum(loans) from (select to_char(l.day, 'YYYY-MM') m, coalesce(p.format, 'unknown') v, l.loans from loan_day l "
                            + "left join publication p on p.publication_id = l.publication_id" + String.format(where, "l.day") + ") x group by m, v"));
            if (rollup) {
                result.explained.put("091, " + period[0] + ", loans by format from loan_month (monthly rollup)", executionMs(s,
                        "select m, v, sum(loans) from (select to_char(l.month, 'YYYY-MM') m, coalesce(p.format, 'unknown') v, l.loans from loan_month l "
                                + "left join publication p on p.publication_id = l.publication_id" + String.format(where, "l.month") + ") x group by m, v"));
            }
            if (single(s, "select count(*) from pg_class where relname = 'loan_month_share'") > 0) {
                result.explained.put("091, " + period[0] + ", all six breakdowns from loan_month_share (breakdown rollup)", executionMs(s,
                        "select breakdown, to_char(l.month, 'YYYY-MM'), value, loans from loan_month_share l" + String.format(where, "l.month")
                                + " order by 1, 2, 4 desc, 3"));
            }
        }
        result.explained.forEach((query, ms) -> System.out.printf("  EXPLAIN ANALYZE %s: %.0f ms%n", query, ms));
    }

    private static double executionMs(Statement s, String sql) throws SQLException {
        double ms = -1;
        try (ResultSet rs = s.executeQuery("explain (analyze) " + sql)) {
            while (rs.next()) {
                String line = rs.getString(1);
                if (line.startsWith("Execution Time:")) {
                    ms = Double.parseDouble(line.replaceAll("[^0-9.]", ""));
                }
            }
        }
        return ms;
    }

    /** Title n's publication id (stable, so a second run finds the same dimension). */
    private static String title(String n) {
        return "('00000000-0000-4000-8000-' || lpad(to_hex(" + n + "), 12, '0'))::uuid";
    }

    /** Municipality codes: Finland's largest first, then three-digit codes not taken. */
    private static List<String> codes(int count) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < Math.min(count, LARGEST.length); i++) {
            codes.add(LARGEST[i][0]);
        }
        for (int n = 1; codes.size() < count && n < 1000; n++) {
            String code = String.format("%03d", n);
            if (!codes.contains(code)) {
                codes.add(code);
            }
        }
        return codes;
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------------------------------------------- reports

    private String reportUrl(String code, String from, String to) {
        return stack.url(Service.REPORT) + "/v1/reports/municipalities/" + code + "?from=" + from + "&to=" + to;
    }

    /** {@code count} reports, one after another, over the municipalities in turn; stops after two minutes. */
    private LatencyRun latencies(List<String> codes, String from, String to, int count) {
        LatencyRun run = new LatencyRun(from + ".." + to, 1, 1);
        long started = System.nanoTime();
        for (int i = 0; i < count && System.nanoTime() - started < 120_000_000_000L; i++) {
            long t0 = System.nanoTime();
            Api.Answer answer = api.get(reportUrl(codes.get(i % codes.size()), from, to), fixture.adminToken);
            if (answer.status() == 200) {
                run.latency.recordValue((System.nanoTime() - t0) / 1000);
                run.completed++;
            } else {
                run.failed++;
                if (run.failed <= 3) {
                    System.out.println("  report answered " + answer.status() + ": " + answer.body());
                }
            }
        }
        run.seconds = (System.nanoTime() - started) / 1e9;
        return run;
    }

    /** The national year export, its body streamed and its rows counted as they arrive. */
    private Export export(String year, String format) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(Service.REPORT) + "/v1/reports/loans/export?from="
                        + year + "-01&to=" + year + "-12&format=" + format))
                .timeout(Duration.ofMinutes(30)).header("Authorization", "Bearer " + fixture.adminToken).GET().build();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long rows = 0;
        long bytes = 0;
        double firstByte = -1;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                System.out.println("  export answered " + response.statusCode() + ": " + new String(body.readAllBytes()));
                return new Export(format, 0, 0, 0, (System.nanoTime() - t0) / 1e9, response.statusCode());
            }
            if ("csv".equals(format)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    if (firstByte < 0) {
                        firstByte = (System.nanoTime() - t0) / 1e9;
                    }
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            rows++;
                        }
                    }
                }
                rows--; // the header
            } else {
                // the body is a zip whose entries java.util.zip's stream reader refuses (sizes after the data): kept
                // in a file as it arrives, its sheets' rows counted afterwards
                java.nio.file.Path file = java.nio.file.Files.createTempFile("report-export", ".xlsx");
                try {
                    try (java.io.OutputStream copy = java.nio.file.Files.newOutputStream(file)) {
                        byte[] buffer = new byte[64 * 1024];
                        for (int n; (n = body.read(buffer)) > 0; ) {
                            if (firstByte < 0) {
                                firstByte = (System.nanoTime() - t0) / 1e9;
                            }
                            bytes += n;
                            copy.write(buffer, 0, n);
                        }
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    rows = xlsxRows(file);
                    return new Export(format, rows, bytes, firstByte, seconds, 200);
                } finally {
                    java.nio.file.Files.deleteIfExists(file);
                }
            }
        }
        return new Export(format, rows, bytes, firstByte, (System.nanoTime() - t0) / 1e9, 200);
    }

    /** The rows of an XLSX's sheets, each sheet's header left out. */
    private static long xlsxRows(java.nio.file.Path file) throws IOException {
        long rows = 0;
        byte[] row = "<row ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (!entry.getName().startsWith("xl/worksheets/sheet")) {
                    continue;
                }
                try (InputStream in = new java.io.BufferedInputStream(zip.getInputStream(entry), 64 * 1024)) {
                    int matched = 0;
                    for (int b; (b = in.read()) >= 0; ) {
                        matched = b == row[matched] ? matched + 1 : (b == row[0] ? 1 : 0);
                        if (matched == row.length) {
                            rows++;
                            matched = 0;
                        }
                    }
                }
                rows--; // the sheet's header
            }
        }
        return rows;
    }

    // ---------------------------------------------------------------------------------------------------- lag

    /**
     * The borrow workload at the largest client count while report-service's consumer groups are sampled every second:
     * records behind (end offsets − committed offsets) and seconds behind: how long ago the end offset of each
     * partition first passed the committed one (1 s resolution: the end offsets are sampled every second too).
     */
    private void lag(Options o, Result result) throws Exception {
        fixture.signInAgain(stack, api);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        List<String> groups = List.of("report-service-loans", "report-service-licences");
        Map<String, List<Long>> records = new LinkedHashMap<>();
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, Double> caughtUp = new HashMap<>();
        groups.forEach(g -> {
            records.put(g, new ArrayList<>());
            seconds.put(g, new ArrayList<>());
        });
        AtomicBoolean loading = new AtomicBoolean(true);
        long[] endedAt = {Long.MAX_VALUE};
        long[] producedBefore = {0};
        try (Admin admin = Admin.create(config)) {
            // per partition, the sampled end offsets: (nanoTime, end)
            Map<TopicPartition, List<long[]>> ends = new HashMap<>();
            Thread sampler = new Thread(() -> {
                long started = System.nanoTime();
                while (true) {
                    long now = System.nanoTime();
                    boolean allCaughtUp = true;
                    try {
                        for (String group : groups) {
                            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                            committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
                            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                            long behind = 0;
                            double secondsBehind = 0;
                            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                                long endOffset = end.get(e.getKey()).offset();
                                long at = e.getValue() == null ? 0 : e.getValue().offset();
                                List<long[]> history = ends.computeIfAbsent(e.getKey(), p -> new ArrayList<>());
                                history.add(new long[]{now, endOffset});
                                behind += Math.max(0, endOffset - at);
                                if (at < endOffset) {
                                    for (long[] sample : history) {
                                        if (sample[1] > at) {
                                            secondsBehind = Math.max(secondsBehind, (now - sample[0]) / 1e9);
                                            break;
                                        }
                                    }
                                }
                            }
                            if (loading.get() || behind > 0) {
                                records.get(group).add(behind);
                                seconds.get(group).add(secondsBehind);
                            }
                            if (!loading.get() && behind == 0 && !caughtUp.containsKey(group)) {
                                caughtUp.put(group, (now - endedAt[0]) / 1e9);
                            }
                            allCaughtUp &= behind == 0;
                        }
                    } catch (Exception e) {
                        System.out.println("  lag sample failed: " + e);
                    }
                    if (!loading.get() && (allCaughtUp || now - endedAt[0] > 120_000_000_000L)) {
                        return;
                    }
                    long next = started + ((now - started) / 1_000_000_000L + 1) * 1_000_000_000L;
                    java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                }
            }, "lag-sampler");
            producedBefore[0] = produced(admin, "lainaamo.loan.v1");
            sampler.start();
            System.out.println("  borrow + return at " + o.clients() + " clients for " + o.lagRun().toSeconds() + " s while sampling report-service's lag ...");
            result.borrow = workloads.borrowReturn(o.clients(), Duration.ofSeconds(5), o.lagRun());
            endedAt[0] = System.nanoTime();
            loading.set(false);
            sampler.join();
            result.lagProduced = produced(admin, "lainaamo.loan.v1") - producedBefore[0];
        }
        System.out.println("  " + result.borrow.summary());
        for (String group : groups) {
            List<Double> s = seconds.get(group);
            Histogram h = new Histogram(3_600_000_000L, 3);
            s.forEach(v -> h.recordValue((long) (v * 1000)));
            Lag lag = new Lag(group, records.get(group).stream().mapToLong(Long::longValue).max().orElse(0),
                    s.stream().mapToDouble(Double::doubleValue).max().orElse(0), h.getValueAtPercentile(99) / 1000.0,
                    caughtUp.getOrDefault(group, -1.0), s.stream().mapToLong(v -> Math.round(v)).toArray());
            result.lags.add(lag);
            System.out.printf("  lag of %s: at most %,d records, %.0f s behind (p99 %.0f s); caught up %.0f s after the load%n",
                    group, lag.maxRecords(), lag.maxSeconds(), lag.p99Seconds(), lag.caughtUpAfterSeconds());
        }
    }

    private static long produced(Admin admin, String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
    }
}
