package fi.lainaamo.bench;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** The benchmark's own data, created through the public APIs: a library, patrons, titles with licences. */
final class Fixture {

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
        String admin = adminSignIn(stack, api);
        ok(api.post(stack.url(Service.PATRON) + "/v1/libraries", admin,
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
            List<UUID> lendable = parallel(pool, titles, i -> licensed(stack, api, admin,
                    publication(stack, api, admin, "Lainattava teos " + i), 5));
            List<UUID> inCatalogue = parallel(pool, catalogTitles, i -> licensed(stack, api, admin,
                    publication(stack, api, admin, "Vertailuteos " + i), 1));
            UUID hot = licensed(stack, api, admin, publication(stack, api, admin, "Suosittu teos"), 3);
            return new Fixture(admin, tokens, lendable, inCatalogue, hot);
        } finally {
            pool.shutdown();
        }
    }

    /** Fresh tokens for the admin and every patron, so that a long benchmark never meets an expired one. */
    void signInAgain(LocalStack stack, Api api) throws Exception {
        adminToken = adminSignIn(stack, api);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<String> tokens = parallel(pool, patrons, i -> signIn(stack, api, i));
            for (int i = 0; i < tokens.size(); i++) {
                patronTokens.set(i, tokens.get(i));
            }
        } finally {
            pool.shutdown();
        }
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
