package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static fi.lainaamo.systemtest.SystemStack.url;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Patrons borrowing and returning the way apps do during a fault: each takes {@link #THINK_MILLIS} to read an answer, and
 * an app told to wait (503 with Retry-After) or given no answer tries again after a while, never at once. Every answer
 * is kept, so a test can say afterwards that nothing but 503 (with Retry-After) came back as a failure and that every
 * 201 loan exists. (Six threads retrying a refused connection at once kept both cores busy, and a killed service
 * took up to two minutes to start again under them.)
 */
final class Borrowers implements AutoCloseable {

    /** How long a patron looks at an answer before the next request. */
    private static final long THINK_MILLIS = 500;
    /** How long an app waits after no answer at all, or after a 503 without Retry-After, before it tries again. */
    private static final long BACK_OFF_MILLIS = 500;

    /** One loan that a 201 promised, and whose it is. */
    record Promised(String patronToken, String loanId, String title) {
    }

    private final List<String> patrons;
    private final List<String> titles;
    private final ExecutorService pool;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Released by {@link #close()}, so a patron's pause ends at once when the test stops borrowing. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Promised> promised = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> unavailableWithoutRetryAfter = new ConcurrentLinkedQueue<>();
    private final AtomicLong unanswered = new AtomicLong();
    private final java.util.concurrent.ConcurrentSkipListSet<Long> loanTimes = new java.util.concurrent.ConcurrentSkipListSet<>();

    private Borrowers(List<String> patrons, List<String> titles) {
        this.patrons = patrons;
        this.titles = titles;
        this.pool = Executors.newFixedThreadPool(patrons.size());
        for (String patron : patrons) {
            pool.submit(() -> borrowAndReturn(patron));
        }
    }

    /** Registers {@code count} patrons (signed in before the fault) and sets them borrowing {@code titles}. */
    static Borrowers start(String cardPrefix, int count, List<String> titles) {
        List<String> patrons = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            patrons.add(SystemStack.patron(SystemStack.card(cardPrefix), i % 2 == 0 ? "091" : "837"));
        }
        return new Borrowers(patrons, titles);
    }

    /** An app gives up on an answer after a while and tries again; so do these patrons. */
    private static final io.restassured.config.RestAssuredConfig PATIENCE = io.restassured.config.RestAssuredConfig.config()
            .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 5_000)
                    .setParam("http.socket.timeout", 15_000));

    private static io.restassured.specification.RequestSpecification as(String patron) {
        return given().config(PATIENCE).auth().oauth2(patron);
    }

    private void borrowAndReturn(String patron) {
        while (running.get()) {
            String title = titles.get(ThreadLocalRandom.current().nextInt(titles.size()));
            try {
                Response borrowed = as(patron).contentType(ContentType.JSON)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .body(Map.of("publicationId", title)).post(url(Service.LOAN, "/v1/loans"));
                seen(borrowed, "borrow");
                if (borrowed.statusCode() == 503) {
                    pause(retryAfterMillis(borrowed));
                    continue;
                }
                if (borrowed.statusCode() == 201) {
                    String loan = borrowed.path("id");
                    promised.add(new Promised(patron, loan, title));
                    loanTimes.add(System.nanoTime());
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        seen(as(patron).post(url(Service.LOAN, "/v1/loans/" + loan + "/return")), "return");
                    }
                } else if (ThreadLocalRandom.current().nextInt(4) == 0) {
                    returnOne(patron);
                }
            } catch (Exception noAnswer) {
                // the service is down (connection refused or reset, no answer in time): an app would try again later.
                // RestAssured throws the checked IOExceptions unchecked, so Exception is what is caught here.
                unanswered.incrementAndGet();
                pause(BACK_OFF_MILLIS);
                continue;
            }
            pause(THINK_MILLIS);
        }
    }

    /** What a 503's Retry-After asks for, at most a second (a test waits for lending to resume); else the back-off. */
    private static long retryAfterMillis(Response unavailable) {
        String retryAfter = unavailable.header("Retry-After");
        if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
            return Math.min(1_000, Long.parseLong(retryAfter) * 1_000);
        }
        return BACK_OFF_MILLIS;
    }

    /** Waits {@code millis}, or less if the test stops borrowing meanwhile. */
    private void pause(long millis) {
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** Gives back one of the patron's active loans, so the patrons do not sit at their loan limit. */
    private void returnOne(String patron) {
        List<String> active = as(patron).get(url(Service.LOAN, "/v1/loans")).then().extract().jsonPath().getList("id");
        if (active != null && !active.isEmpty()) {
            seen(as(patron).post(url(Service.LOAN, "/v1/loans/" + active.get(0) + "/return")), "return");
        }
    }

    private void seen(Response response, String what) {
        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
        if (response.statusCode() == 503 && response.header("Retry-After") == null) {
            unavailableWithoutRetryAfter.add(what);
        }
    }

    /** Nanotime of the first 201 borrow after {@code nanos}, or 0 when none came yet. */
    long firstLoanAfter(long nanos) {
        Long first = loanTimes.higher(nanos);
        return first == null ? 0 : first;
    }

    long loansPromised() {
        return promised.size();
    }

    /** Stops borrowing and waits for the patrons' requests in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        stopped.countDown();
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
    }

    /** No answer but 503 (each with Retry-After) was a failure: no 500, no 502/504. */
    void answeredOnlyRefusalsOrUnavailable() {
        Set<Integer> failures = new java.util.TreeSet<>();
        statuses.keySet().stream().filter(s -> s >= 500 && s != 503).forEach(failures::add);
        assertEquals(Set.of(), failures, "answers by status: " + statuses);
        assertTrue(unavailableWithoutRetryAfter.isEmpty(), "503 without Retry-After on " + unavailableWithoutRetryAfter);
    }

    /** Every loan a 201 promised exists at loan-service. */
    void everyPromisedLoanExists() {
        for (Promised loan : promised) {
            given().auth().oauth2(loan.patronToken()).get(url(Service.LOAN, "/v1/loans/" + loan.loanId())).then().statusCode(200);
        }
    }

    /**
     * For every title: the seats license-service has taken equal the active loans loan-service has (no holds here),
     * the catalogue shows license-service's counts, and no patron has one title twice.
     */
    void seatsEqualLoansAndTheCatalogueEqualsLicensing() {
        Map<String, Integer> activeByTitle = new ConcurrentHashMap<>();
        for (String patron : patrons) {
            List<String> active = given().auth().oauth2(patron).get(url(Service.LOAN, "/v1/loans")).then().statusCode(200)
                    .extract().jsonPath().getList("publicationId");
            assertEquals(active.size(), Set.copyOf(active).size(), "a patron has one title twice: " + active);
            active.forEach(title -> activeByTitle.merge(title, 1, Integer::sum));
        }
        for (String title : titles) {
            Response truth = given().get(url(Service.LICENSE, "/v1/publications/" + title + "/availability"));
            int taken = (int) truth.path("seatsTotal") - (int) truth.path("seatsFree");
            assertEquals(activeByTitle.getOrDefault(title, 0), taken, "seats taken vs active loans of " + title);
            Response shown = given().get(url(Service.CATALOG, "/v1/publications/" + title));
            assertEquals((int) truth.path("seatsFree"), (int) shown.path("availability.copiesAvailable"), "catalogue of " + title);
        }
    }

    @Override
    public String toString() {
        return "answers " + statuses + ", unanswered " + unanswered + ", loans promised " + promised.size();
    }
}
