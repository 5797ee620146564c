package fi.lainaamo.bench;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The workloads. Most are driven closed-model: each client thread sends its next request when the previous answer
 * came back, so throughput is what the system sustains at that concurrency and latency includes queueing inside it.
 * {@link #borrowOpen} is the open model beside it: requests arrive at a set rate whatever the answers do.
 */
final class Workloads {

    private final LocalStack stack;
    private final Api api;
    private final Fixture fixture;

    Workloads(LocalStack stack, Api api, Fixture fixture) {
        this.stack = stack;
        this.api = api;
        this.fixture = fixture;
    }

    /** Workload 1: each client borrows a random title of the fixture and returns it, again and again. */
    LatencyRun borrowReturn(int clients, Duration warmup, Duration measured) throws InterruptedException {
        return borrowReturn("borrow + return", fixture.titles, clients, warmup, measured);
    }

    /** Workload 1 over other titles (those from a distributor): each client borrows a random one and returns it. */
    LatencyRun borrowReturn(String name, List<UUID> titles, int clients, Duration warmup, Duration measured)
            throws InterruptedException {
        LatencyRun run = new LatencyRun(name, clients, (int) measured.toSeconds());
        String loans = stack.url(Service.LOAN) + "/v1/loans";
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measured.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String token = fixture.patronTokens.get(c);
            threads.add(new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    UUID title = titles.get(random.nextInt(titles.size()));
                    long t0 = System.nanoTime();
                    Api.Answer borrowed = api.post(loans, token, "{\"publicationId\":\"" + title + "\"}");
                    long t1 = System.nanoTime();
                    boolean measuring = t0 >= measureFrom && t1 <= end;
                    if (borrowed.status() != 201) {
                        synchronized (run) {
                            if (measuring) {
                                if (borrowed.status() == 422) {
                                    run.refused(borrowed);
                                } else {
                                    run.failed++;
                                }
                            }
                        }
                        continue;
                    }
                    String loanId = borrowed.field("id");
                    long t2 = System.nanoTime();
                    Api.Answer returned = api.post(loans + "/" + loanId + "/return", token, null);
                    long t3 = System.nanoTime();
                    if (measuring && t3 <= end) {
                        synchronized (run) {
                            run.latency.recordValue((t1 - t0) / 1000);
                            run.lent(borrowed);
                            if (returned.status() == 200) {
                                run.secondary.recordValue((t3 - t2) / 1000);
                                run.completed++;
                                int second = (int) ((t3 - measureFrom) / 1_000_000_000L);
                                if (second < run.perSecond.length) {
                                    run.perSecond[second]++;
                                }
                            } else {
                                run.failed++;
                            }
                        }
                    }
                }
            }, "client-" + c));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        run.seconds = measured.toMillis() / 1000.0;
        return run;
    }

    /**
     * A set number of borrow + return cycles over {@code titles}, shared by {@code clients} (as many as the fixture
     * has patrons at most): the JIT's warm-up before measuring, and a short load. Borrow latencies and outcomes are
     * kept, but nothing is reported as a measurement.
     */
    LatencyRun cycles(String name, int cycles, int clients, List<UUID> titles) throws InterruptedException {
        LatencyRun run = new LatencyRun(name, clients, 1);
        String loans = stack.url(Service.LOAN) + "/v1/loans";
        AtomicLong begun = new AtomicLong();
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < Math.min(clients, fixture.patronTokens.size()); c++) {
            String token = fixture.patronTokens.get(c);
            threads.add(new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (begun.getAndIncrement() < cycles) {
                    UUID title = titles.get(random.nextInt(titles.size()));
                    long t0 = System.nanoTime();
                    Api.Answer borrowed = api.post(loans, token, "{\"publicationId\":\"" + title + "\"}");
                    long micros = (System.nanoTime() - t0) / 1000;
                    Api.Answer returned = borrowed.status() == 201
                            ? api.post(loans + "/" + borrowed.field("id") + "/return", token, null) : null;
                    synchronized (run) {
                        if (returned != null && returned.status() == 200) {
                            run.latency.recordValue(micros);
                            run.lent(borrowed);
                            run.completed++;
                        } else if (borrowed.status() == 422) {
                            run.refused(borrowed);
                        } else {
                            run.failed++;
                        }
                    }
                }
            }, "cycles-" + c));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        run.seconds = (System.nanoTime() - started) / 1e9;
        return run;
    }

    /** {@code count} authenticated GETs of {@code path} on the service, one after another; the answers' statuses are counted. */
    LatencyRun gets(Service service, String path, String token, int count) {
        LatencyRun run = new LatencyRun("GET " + path, 1, 1);
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            Api.Answer answer = api.get(stack.url(service) + path, token);
            if (answer.status() == 200) {
                run.latency.recordValue((System.nanoTime() - t0) / 1000);
                run.completed++;
            } else {
                run.failed++;
            }
        }
        run.seconds = (System.nanoTime() - started) / 1e9;
        return run;
    }

    /**
     * Workload 1b, open model: borrow + return cycles arrive at a constant rate whatever the answers do, each on a
     * patron not busy with another, and every latency is measured from the cycle's intended send time, so time spent
     * queueing (in the driver for a free connection or patron, or in the services) is counted, never hidden.
     */
    LatencyRun borrowOpen(double perSecond, Duration warmup, Duration measured) throws InterruptedException {
        LatencyRun run = new LatencyRun(String.format("open model at %.0f/s", perSecond), 0, (int) measured.toSeconds());
        // the closed runs before it leave the consumers behind: borrows measured while they catch up are not this rate's
        run.settledAfter = settle(Duration.ofSeconds(120));
        String loans = stack.url(Service.LOAN) + "/v1/loans";
        BlockingQueue<String> idle = new LinkedBlockingQueue<>(fixture.patronTokens);
        ExecutorService senders = Executors.newFixedThreadPool(fixture.patronTokens.size());
        long intervalNanos = (long) (1_000_000_000L / perSecond);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measured.toNanos();
        for (long intended = start; intended < end; intended += intervalNanos) {
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long sendAt = intended;
            senders.execute(() -> cycleFromIntended(run, loans, idle, sendAt, sendAt >= measureFrom, end));
        }
        senders.shutdown();
        senders.awaitTermination(2, TimeUnit.MINUTES);
        run.seconds = measured.toMillis() / 1000.0;
        return run;
    }

    private void cycleFromIntended(LatencyRun run, String loans, BlockingQueue<String> idle, long intended,
                                   boolean measuring, long end) {
        String token;
        try {
            token = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            UUID title = fixture.titles.get(ThreadLocalRandom.current().nextInt(fixture.titles.size()));
            Api.Answer borrowed = api.post(loans, token, "{\"publicationId\":\"" + title + "\"}");
            long answered = System.nanoTime();
            if (borrowed.status() == 201) {
                api.post(loans + "/" + borrowed.field("id") + "/return", token, null);
            }
            if (!measuring) {
                return;
            }
            synchronized (run) {
                if (borrowed.status() == 201) {
                    run.latency.recordValue((answered - intended) / 1000);
                    run.lent(borrowed);
                    run.completed++;
                } else if (borrowed.status() == 422) {
                    run.refused(borrowed);
                } else {
                    run.failed++;
                }
            }
        } finally {
            idle.add(token);
        }
    }

    /** Workload 3: many clients race for a title with three seats; latency of every answer, and loans granted. */
    LatencyRun hotTitle(int clients, UUID title) throws InterruptedException {
        String loans = stack.url(Service.LOAN) + "/v1/loans";
        return burst("hot title", clients, token -> api.post(loans, token, "{\"publicationId\":\"" + title + "\"}"), 201);
    }

    /**
     * Workload 3's floor: the same burst of clients, all at once, each asking loan-service for the patron's limits
     * ({@code GET /v1/me/limits}: a token check and three reads in one transaction, no lock, no write). What the hot title's refusals take beyond this is the refusal's
     * own work; this much is the HTTP, the token and the two cores shared by the clients and the stack.
     */
    LatencyRun hotFloor(int clients) throws InterruptedException {
        String limits = stack.url(Service.LOAN) + "/v1/me/limits";
        return burst("hot floor (GET limits)", clients, token -> api.get(limits, token), 0);
    }

    /**
     * Sends one request per client, all released at once; an answer with {@code successStatus} counts as completed
     * (its latency in {@code secondary}), a 422 as refused and every other answer as failed, both timed in {@code
     * latency}. With {@code successStatus} 0 every 2xx answer is completed and timed in {@code latency}.
     */
    private LatencyRun burst(String name, int clients, java.util.function.Function<String, Api.Answer> request, int successStatus)
            throws InterruptedException {
        LatencyRun run = new LatencyRun(name, clients, 1);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String token = fixture.patronTokens.get(c % fixture.patronTokens.size());
            threads.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long t0 = System.nanoTime();
                Api.Answer answer = request.apply(token);
                long micros = (System.nanoTime() - t0) / 1000;
                synchronized (run) {
                    if (successStatus == 0 && answer.status() / 100 == 2) {
                        run.completed++;
                        run.latency.recordValue(micros);
                    } else if (answer.status() == successStatus) {
                        run.completed++;
                        run.secondary.recordValue(micros);
                    } else if (answer.status() == 422) {
                        run.refused(answer);
                        run.latency.recordValue(micros);
                    } else {
                        run.failed++;
                    }
                }
            }, "racer-" + c));
        }
        threads.forEach(Thread::start);
        long startedAt = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        run.seconds = (System.nanoTime() - startedAt) / 1e9;
        return run;
    }

    /**
     * Workload 4: from a borrow's (or return's) HTTP answer until the catalogue shows the new availability. It starts
     * once every consumer of the stack has caught up, so it measures the event path rather than what the workload
     * before it left behind. A change not seen within 10 s is watched for another 50 s, so that a late one (counted in
     * {@link LatencyRun#late}, its time in the histogram) is told from one that never arrives ({@link LatencyRun#failed}).
     */
    LatencyRun propagation(int samples) {
        LatencyRun run = new LatencyRun("event propagation", 1, 1);
        run.settledAfter = settle(Duration.ofSeconds(60));
        String token = fixture.patronTokens.get(0);
        long started = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            UUID title = fixture.catalogTitles.get(i % fixture.catalogTitles.size());
            String page = stack.url(Service.CATALOG) + "/v1/publications/" + title;
            Api.Answer borrowed = api.post(stack.url(Service.LOAN) + "/v1/loans", token, "{\"publicationId\":\"" + title + "\"}");
            long t0 = System.nanoTime();
            if (borrowed.status() != 201) {
                run.failed++;
                continue;
            }
            if (awaitAvailable(page, 0, t0, run)) {
                run.completed++;
            }
            Api.Answer returned = api.post(stack.url(Service.LOAN) + "/v1/loans/" + borrowed.field("id") + "/return", token, null);
            long t1 = System.nanoTime();
            if (returned.status() == 200 && awaitAvailable(page, 1, t1, run)) {
                run.completed++;
            }
        }
        run.seconds = (System.nanoTime() - started) / 1e9;
        return run;
    }

    private boolean awaitAvailable(String page, int copies, long since, LatencyRun run) {
        long late = since + Duration.ofSeconds(10).toNanos();
        long never = since + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < never) {
            Api.Answer answer = api.get(page, null);
            if (answer.status() == 200 && answer.json().path("availability").path("copiesAvailable").asInt(-1) == copies) {
                long seen = System.nanoTime();
                run.latency.recordValue((seen - since) / 1000);
                if (seen > late) {
                    run.late++;
                }
                return true;
            }
        }
        run.failed++;
        return false;
    }

    /**
     * Waits until no consumer of any service has records to apply (twice in a row, a second apart), at most
     * {@code atMost}; returns the seconds it took. A service that cannot tell its lag counts as not caught up.
     */
    private double settle(Duration atMost) {
        long t0 = System.nanoTime();
        long end = t0 + atMost.toNanos();
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() < end) {
            boolean caughtUp = true;
            for (Service service : Service.values()) {
                Api.Answer answer = api.get(stack.url(service) + "/v1/admin/consumers", fixture.adminToken);
                if (answer.status() != 200) {
                    caughtUp = false;
                    continue;
                }
                for (var consumer : answer.json()) {
                    caughtUp &= consumer.path("lag").isNumber() && consumer.path("lag").asLong() == 0 && !consumer.hasNonNull("retrying");
                }
            }
            quiet = caughtUp ? quiet + 1 : 0;
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Workload 5: search queries of one kind, closed-model: {@code clients} threads, each sending its next query when
     * the answer to the previous one came back, each starting at its own place in the list of queries.
     */
    LatencyRun search(String name, List<String> queries, int clients, Duration measured) throws InterruptedException {
        LatencyRun run = new LatencyRun(name, clients, (int) measured.toSeconds());
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long started = System.nanoTime();
        long end = started + measured.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int first = c * Math.max(1, queries.size() / clients);
            threads.add(new Thread(() -> {
                org.HdrHistogram.Histogram mine = new org.HdrHistogram.Histogram(60_000_000L, 3);
                long i = first;
                while (System.nanoTime() < end) {
                    String url = stack.url(Service.CATALOG) + queries.get((int) (i++ % queries.size()));
                    long t0 = System.nanoTime();
                    Api.Answer answer = api.get(url, null);
                    long micros = (System.nanoTime() - t0) / 1000;
                    if (answer.status() == 200) {
                        mine.recordValue(micros);
                        completed.incrementAndGet();
                    } else if (failed.incrementAndGet() > 20 && completed.get() == 0) {
                        break; // the endpoint is not there: say so in the report rather than spin
                    }
                }
                synchronized (run) {
                    run.latency.add(mine);
                }
            }, "search-" + c));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        run.completed = completed.get();
        run.failed = failed.get();
        run.seconds = (System.nanoTime() - started) / 1e9;
        return run;
    }
}
