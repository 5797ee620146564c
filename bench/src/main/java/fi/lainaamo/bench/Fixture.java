package fi.lainaamo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;
import fi.lainaamo.devinfra.distributor.Catalogue;
import fi.lainaamo.devinfra.distributor.Catalogue.Kind;
import fi.lainaamo.devinfra.distributor.Catalogue.Licence;
import fi.lainaamo.devinfra.distributor.Catalogue.Publication;
import fi.lainaamo.devinfra.distributor.Catalogue.Subject;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** The benchmark's own data, created through the public APIs: a library, patrons, titles with licences. */
final class Fixture {

    /** Copies of a local title (a licence added by hand) lent at once. */
    static final int LOCAL_CONCURRENCY = 5;

    /**
     * Copies of a distributor's title lent at once. license-service gives a returned copy back to the distributor
     * right after the return commits (issue 14; before, in batches of 50 every 10 s), and a borrow refused while one
     * of the licence's returns is pending no longer withdraws the licence; the room stays so that this workload
     * measures borrowing, not the wait for a copy to come back.
     */
    static final int DISTRIBUTOR_CONCURRENCY = 1000;

    /** The name the distributor simulator's licences are imported under. */
    static final String DISTRIBUTOR = "Lainaamo distributor simulator";

    /** Access tokens live minutes, a whole benchmark longer: {@link #signInAgain} renews them between workloads. */
    volatile String adminToken;
    final List<String> patronTokens;
    private final int patrons;
    final List<UUID> titles;
    final List<UUID> catalogTitles;
    final UUID hotTitle;

    private Fixture(String adminToken, List<String> patronTokens, List<UUID> titles, List<UUID> catalogTitles, UUID hotTitle) {
        this.adminToken = adminToken;
        this.patronTokens = new CopyOnWriteArrayList<>(patronTokens);
        this.patrons = patronTokens.size();
        this.titles = titles;
        this.catalogTitles = catalogTitles;
        this.hotTitle = hotTitle;
    }

    static Fixture create(LocalStack stack, Api api, int patrons, int titles, int catalogTitles) throws Exception {
        // creating 10,000 titles outlasts an access token (5 minutes): the admin signs in again every few minutes
        java.util.function.Supplier<String> admin = renewing(() -> adminSignIn(stack, api));
        ok(api.post(stack.url(Service.PATRON) + "/v1/libraries", admin.get(),
                "{\"names\":{\"fi\":\"Vertailukirjasto\",\"sv\":\"Jämförelsebiblioteket\",\"en\":\"Benchmark library\"},\"municipalities\":[\"091\",\"049\"]}"), 201);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<String> tokens = parallel(pool, patrons, i -> {
                String card = String.format("BENCH%06d", i);
                ok(api.post(stack.url(Service.PATRON) + "/v1/patrons", null,
                        "{\"cardNumber\":\"" + card + "\",\"pin\":\"2468\",\"municipality\":\"" + (i % 2 == 0 ? "091" : "049") + "\"}"), 201);
                return signIn(stack, api, i);
            });
            // license-service adds licences only for publications the catalogue has announced (issue 13)
            List<UUID> lendable = parallel(pool, titles, i -> licensed(stack, api, admin.get(),
                    publication(stack, api, admin.get(), "Lainattava teos " + i), LOCAL_CONCURRENCY));
            List<UUID> inCatalogue = parallel(pool, catalogTitles, i -> licensed(stack, api, admin.get(),
                    publication(stack, api, admin.get(), "Vertailuteos " + i), 1));
            UUID hot = licensed(stack, api, admin.get(), publication(stack, api, admin.get(), "Suosittu teos"), 3);
            return new Fixture(admin.get(), tokens, lendable, inCatalogue, hot);
        } finally {
            pool.shutdown();
        }
    }

    /** A token that is fetched again once it is three minutes old (tokens live five). */
    private static java.util.function.Supplier<String> renewing(java.util.function.Supplier<String> signIn) {
        return new java.util.function.Supplier<>() {
            private String token;
            private long signedInAt;

            @Override
            public synchronized String get() {
                if (token == null || System.nanoTime() - signedInAt > java.time.Duration.ofMinutes(3).toNanos()) {
                    token = signIn.get();
                    signedInAt = System.nanoTime();
                }
                return token;
            }
        };
    }

    /** Fresh tokens for the admin and every patron, so that a long benchmark never meets an expired one. */
    void signInAgain(LocalStack stack, Api api) throws Exception {
        signInAgain(stack, api, patrons);
    }

    /** A fresh admin token, kept for the workloads after this one too. */
    String renewAdmin(LocalStack stack, Api api) throws Exception {
        adminToken = adminSignIn(stack, api);
        return adminToken;
    }

    /** Fresh tokens for the admin and the first {@code count} patrons (a short workload needs only a few). */
    void signInAgain(LocalStack stack, Api api, int count) throws Exception {
        adminToken = adminSignIn(stack, api);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<String> tokens = parallel(pool, Math.min(count, patrons), i -> signIn(stack, api, i));
            for (int i = 0; i < tokens.size(); i++) {
                patronTokens.set(i, tokens.get(i));
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Titles bought from a distributor, brought in the way a library brings them in: the distributor simulator starts
     * selling {@code count} e-books (one licence each, {@value #DISTRIBUTOR_CONCURRENCY} copies at once), and
     * license-service's ODL import ({@code POST /v1/imports/odl} with the simulator's feed URL) adds their licences and
     * passes their metadata on to the catalogue. A borrow of one is checked out at the simulator (license-service's
     * {@code checkouts}). Returns their publication ids once one of them could be borrowed and returned.
     */
    List<UUID> distributorTitles(LocalStack stack, Api api, int count) throws InterruptedException {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("distributor-titles must be 1 to 100000, not " + count);
        }
        Instant bought = Instant.parse("2026-01-01T00:00:00Z");
        List<Publication> offered = new ArrayList<>();
        Set<String> licenceIds = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String isbn = Catalogue.isbn13(String.format("9789529%05d", i));
            Licence licence = Licence.concurrent(Catalogue.licenceId(isbn, 1), DISTRIBUTOR_CONCURRENCY, Duration.ofDays(21),
                    bought, new BigDecimal("20.00"));
            licenceIds.add(licence.identifier());
            offered.add(new Publication(isbn, Kind.EBOOK, "Välittäjän teos " + i, "Vertailukirjailija", null, "fi",
                    "Vertailukustannus", LocalDate.of(2025, 9, 1), "Vertailuteos, jonka lisenssi on välittäjällä.",
                    List.of(new Subject("http://www.bisg.org/standards/bisac_subject/", "FIC000000", "FICTION / General")),
                    null, List.of(licence)));
        }
        stack.distributor().offer(offered);
        JsonNode report = ok(api.post(stack.url(Service.LICENSE) + "/v1/imports/odl", adminToken,
                "{\"feedUrl\":" + Api.q(stack.distributor().feedUrl()) + ",\"distributor\":" + Api.q(DISTRIBUTOR) + "}",
                Duration.ofMinutes(10)), 200).json();
        Set<UUID> imported = new LinkedHashSet<>();
        for (JsonNode licence : report.path("licences")) {
            if (licenceIds.contains(licence.path("identifier").asText())
                    && List.of("imported", "updated", "unchanged").contains(licence.path("result").asText())) {
                imported.add(UUID.fromString(licence.path("publicationId").asText()));
            }
        }
        if (imported.size() != count) {
            throw new IllegalStateException("the ODL import took " + imported.size() + " of the " + count
                    + " distributor titles: " + report.toString().substring(0, Math.min(2000, report.toString().length())));
        }
        List<UUID> titles = List.copyOf(imported);
        awaitBorrowable(stack, api, titles.get(titles.size() - 1));
        return titles;
    }

    /** Borrows and returns the title until that works (its licence and the checkout path are in place), for a minute. */
    private void awaitBorrowable(LocalStack stack, Api api, UUID title) throws InterruptedException {
        String loans = stack.url(Service.LOAN) + "/v1/loans";
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Api.Answer borrowed;
        do {
            borrowed = api.post(loans, patronTokens.get(0), "{\"publicationId\":\"" + title + "\"}");
            if (borrowed.status() == 201) {
                ok(api.post(loans + "/" + borrowed.field("id") + "/return", patronTokens.get(0), null), 200);
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < end);
        throw new IllegalStateException("a distributor title could not be borrowed within a minute: HTTP "
                + borrowed.status() + " " + borrowed.body());
    }

    private static String adminSignIn(LocalStack stack, Api api) {
        return ok(api.post(stack.url(Service.PATRON) + "/v1/staff/sign-in", null,
                "{\"username\":\"admin\",\"password\":\"lainaamo-admin\"}"), 200).field("accessToken");
    }

    private static String signIn(LocalStack stack, Api api, int patron) {
        return ok(api.post(stack.url(Service.PATRON) + "/v1/sign-in", null,
                "{\"cardNumber\":\"" + String.format("BENCH%06d", patron) + "\",\"pin\":\"2468\"}"), 200).field("accessToken");
    }

    private static UUID publication(LocalStack stack, Api api, String admin, String title) {
        return UUID.fromString(ok(api.post(stack.url(Service.CATALOG) + "/v1/publications", admin,
                "{\"title\":\"" + title + "\",\"format\":\"EBOOK\",\"language\":\"fin\"}"), 201).field("id"));
    }

    /** Adds the licence once license-service has learned the publication from the catalogue's events. */
    private static UUID licensed(LocalStack stack, Api api, String admin, UUID publication, int concurrency) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Api.Answer answer = api.post(stack.url(Service.LICENSE) + "/v1/licences", admin,
                    "{\"publicationId\":\"" + publication + "\",\"concurrency\":" + concurrency + ",\"maxLoanDays\":21}");
            if (answer.status() != 422 || !answer.body().contains("\"unknown-publication\"") || System.nanoTime() > end) {
                ok(answer, 201);
                return publication;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static <T> List<T> parallel(ExecutorService pool, int n, IntFunction<T> task) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(pool.submit(() -> task.apply(k)));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        return Collections.unmodifiableList(results);
    }

    static Api.Answer ok(Api.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected HTTP " + status + " but got " + answer.status() + ": " + answer.body());
        }
        return answer;
    }
}
