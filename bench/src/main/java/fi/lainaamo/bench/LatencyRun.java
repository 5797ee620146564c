package fi.lainaamo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** One measured run: latencies (microseconds, warm-up excluded), completed operations per second over time. */
final class LatencyRun {
    final String name;
    final int clients;
    final Histogram latency = new Histogram(60_000_000L, 3);
    final Histogram secondary = new Histogram(60_000_000L, 3);
    /** Borrows: the time loan-service's own steps took (the sum of its Server-Timing durations), microseconds. */
    final Histogram inService = new Histogram(60_000_000L, 3);
    /** Borrows: how each was lent, by the steps its Server-Timing names ("escrow", "begin+seat+start", ...), counted. */
    final Map<String, Long> lentBy = new TreeMap<>();
    final long[] perSecond;
    long completed;
    long refused;
    /** Why borrows were refused: each problem's reason codes (its {@code errors}), counted. */
    final Map<String, Long> refusedFor = new TreeMap<>();
    long failed;
    /** Propagation: changes the catalogue showed only after 10 s (counted in {@link #completed} too). */
    long late;
    /** Propagation: seconds the stack took to catch up on events before the first sample. */
    double settledAfter;
    double seconds;

    LatencyRun(String name, int clients, int seconds) {
        this.name = name;
        this.clients = clients;
        this.perSecond = new long[Math.max(1, seconds)];
    }

    double throughput() {
        return seconds == 0 ? 0 : completed / seconds;
    }

    /** Records a lent borrow's Server-Timing (the caller holds this run's monitor); nothing when it has none. */
    void lent(Api.Answer borrowed) {
        if (borrowed.serverTiming().isBlank()) {
            return;
        }
        double ms = 0;
        StringBuilder steps = new StringBuilder();
        for (String step : borrowed.serverTiming().split(",")) {
            String[] parts = step.trim().split(";dur=");
            steps.append(steps.isEmpty() ? "" : "+").append(parts[0]);
            ms += parts.length > 1 ? Double.parseDouble(parts[1]) : 0;
        }
        inService.recordValue(Math.max(0, Math.round(ms * 1000)));
        lentBy.merge(steps.toString(), 1L, Long::sum);
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }

    /** A 422 counted as refused, with its reasons (the caller holds this run's monitor). */
    void refused(Api.Answer answer) {
        refused++;
        String reasons;
        try {
            JsonNode problem = answer.json();
            JsonNode errors = problem.path("errors");
            reasons = errors.isArray() && !errors.isEmpty()
                    ? StreamSupport.stream(errors.spliterator(), false).map(e -> e.path("code").asText(e.asText()))
                            .sorted().collect(Collectors.joining("+"))
                    : problem.path("code").asText("?");
        } catch (IllegalStateException notJson) {
            reasons = "not-a-problem";
        }
        refusedFor.merge(reasons, 1L, Long::sum);
    }

    String summary() {
        return String.format("%s, %d clients: %.0f/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d done, %d refused%s, %d failed)",
                name, clients, throughput(), ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(95)),
                ms(latency.getValueAtPercentile(99)), ms(latency.getMaxValue()), completed, refused,
                refusedFor.isEmpty() ? "" : " " + refusedFor, failed)
                + (inService.getTotalCount() == 0 ? "" : String.format("; in loan-service p50 %.1f ms, p99 %.1f ms, lent by %s",
                        ms(inService.getValueAtPercentile(50)), ms(inService.getValueAtPercentile(99)), lentBy));
    }
}
