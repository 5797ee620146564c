package fi.lainaamo.devinfra.distributor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import fi.lainaamo.devinfra.StandardSchemas;
import fi.lainaamo.devinfra.distributor.Catalogue.Licence;
import fi.lainaamo.devinfra.distributor.Catalogue.Publication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator over real HTTP, the way license-service and loan-service will call a distributor. */
class DistributorSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATUS_DOCUMENT = "application/vnd.readium.license.status.v1.0+json";
    private static final String CHECKOUT_ERROR = "http://opds-spec.org/odl/error/checkout/";

    /** Anna Liisa: one copy, one user. */
    private static final UUID ONE_COPY = Catalogue.licenceId("9789527410011", 1);
    /** Putkinotko (audiobook): three at a time. */
    private static final UUID THREE_AT_A_TIME = Catalogue.licenceId("9789527410028", 1);
    /** Fältskärns berättelser: 10 checkouts, two at a time, expires in about a year. */
    private static final UUID METERED = Catalogue.licenceId("9789527410035", 1);

    private static DistributorSimulator distributor;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws IOException {
        distributor = DistributorSimulator.start(0, Catalogue.demo());
    }

    @AfterAll
    static void stop() {
        distributor.close();
    }

    @BeforeEach
    void clean() {
        distributor.reset();
    }

    @Test
    void theFeedIsAnOpdsFeedWhosePublicationsCarryOdlLicences() throws Exception {
        HttpResponse<String> response = get(distributor.feedUrl());

        assertEquals(200, response.statusCode());
        assertEquals("application/opds+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.OPDS_FEED, response.body()));
        JsonNode feed = JSON.readTree(response.body());
        assertEquals(6, feed.path("publications").size());
        Set<String> languages = new HashSet<>();
        for (JsonNode p : feed.path("publications")) {
            assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.OPDS_PUBLICATION, p.toString()));
            JsonNode m = p.path("metadata");
            String isbn = m.path("identifier").asText().replace("urn:isbn:", "");
            assertTrue(Catalogue.isValidIsbn13(isbn), isbn);
            languages.add(m.path("language").asText());
            for (String field : List.of("title", "author", "publisher", "published", "description", "subject")) {
                assertFalse(m.path(field).isMissingNode(), field + " of " + isbn);
            }
            assertTrue(m.path("subject").get(0).path("scheme").asText().startsWith("http"));
            assertEquals(200, get(p.path("images").get(0).path("href").asText()).statusCode(), "cover of " + isbn);
            for (JsonNode licence : p.path("licenses")) {
                assertOdlLicence(licence);
            }
        }
        assertEquals(Set.of("fi", "sv", "en"), languages);

        JsonNode audiobook = publication(feed, "9789527410028");
        assertEquals("http://schema.org/Audiobook", audiobook.path("metadata").path("@type").asText());
        assertEquals("https://readium.org/webpub-manifest/profiles/audiobook",
                audiobook.path("metadata").path("conformsTo").asText());
        assertTrue(audiobook.path("metadata").path("duration").asInt() > 3600);
        assertEquals("application/audiobook+lcp",
                audiobook.path("licenses").get(0).path("metadata").path("format").asText());

        JsonNode dikter = publication(feed, "9789527410059");
        assertEquals(2, dikter.path("licenses").size(), "a title with two licences of different models");

        JsonNode openAccess = publication(feed, "9789527410066");
        assertTrue(openAccess.path("licenses").isMissingNode());
        JsonNode acquisition = link(openAccess.path("links"), "http://opds-spec.org/acquisition/open-access");
        assertEquals("application/epub+zip", acquisition.path("type").asText());
        assertEquals(200, get(acquisition.path("href").asText()).statusCode());
    }

    private static void assertOdlLicence(JsonNode licence) {
        JsonNode m = licence.path("metadata");
        assertTrue(m.path("identifier").asText().matches("urn:uuid:[0-9a-f-]{36}"), m.toString());
        assertTrue(m.path("format").isTextual());
        assertTrue(m.path("created").isTextual());
        assertTrue(m.path("terms").path("length").isIntegralNumber());
        assertTrue(m.path("terms").path("concurrency").isIntegralNumber());
        JsonNode protection = m.path("protection");
        assertEquals("application/vnd.readium.lcp.license.v1.0+json", protection.path("format").asText());
        for (String field : List.of("devices", "copy", "print", "tts")) {
            assertFalse(protection.path(field).isMissingNode(), field);
        }
        String id = m.path("identifier").asText().substring("urn:uuid:".length());
        JsonNode self = link(licence.path("links"), "self");
        assertEquals("application/vnd.odl.info+json", self.path("type").asText());
        assertTrue(self.path("href").asText().endsWith("/licenses/" + id));
        JsonNode borrow = link(licence.path("links"), "http://opds-spec.org/acquisition/borrow");
        assertTrue(borrow.path("templated").asBoolean());
        assertEquals(STATUS_DOCUMENT, borrow.path("type").asText());
        assertEquals(distributor.baseUrl() + "/licenses/" + id
                        + "/checkout{?id,checkout_id,patron_id,expires,notification_url,passphrase,hint,hint_url}",
                borrow.path("href").asText());
    }

    @Test
    void theDemoCatalogueHasEveryLicenceModel() {
        List<Licence> licences = distributor.catalogue().publications().stream()
                .flatMap(p -> p.licences().stream()).toList();
        assertTrue(licences.stream().anyMatch(l -> l.concurrency() == 1 && l.checkouts() == null && l.expires() == null),
                "one copy, one user");
        assertTrue(licences.stream().anyMatch(l -> l.concurrency() == 3 && l.checkouts() == null && l.expires() == null),
                "three at a time");
        assertTrue(licences.stream().anyMatch(l -> l.checkouts() != null && l.checkouts() == 10 && l.concurrency() == 2
                && l.expires().isAfter(Instant.now().plus(Duration.ofDays(364)))), "metered");
        assertTrue(licences.stream().anyMatch(l -> l.checkouts() == null && l.expires() != null
                && l.expires().isAfter(Instant.now().plus(Duration.ofDays(729)))), "time-limited");
        assertEquals(Catalogue.demo().publications(), distributor.catalogue().publications(),
                "the same catalogue on every start, so a re-import changes nothing");
    }

    @Test
    void feedPagesFollowNextLinks() throws Exception {
        try (DistributorSimulator paged = DistributorSimulator.start(0, Catalogue.demo(),
                DistributorSimulator.Options.defaults().withPageSize(4))) {
            JsonNode first = JSON.readTree(get(paged.feedUrl()).body());
            assertEquals(4, first.path("publications").size());
            String next = link(first.path("links"), "next").path("href").asText();
            HttpResponse<String> second = get(next);
            assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.OPDS_FEED, second.body()));
            JsonNode page2 = JSON.readTree(second.body());
            assertEquals(2, page2.path("publications").size());
            assertNull(link(page2.path("links"), "next"));
            assertEquals(2, page2.path("metadata").path("currentPage").asInt());
        }
    }

    @Test
    void aCheckoutIsCreatedOnceAndRepeatedCheckoutIdsAreSentToIt() throws Exception {
        HttpResponse<String> created = checkout(ONE_COPY, "checkout-1", "patron-1", Map.of());

        assertEquals(201, created.statusCode(), created.body());
        assertEquals(STATUS_DOCUMENT, created.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.LSD, created.body()));
        JsonNode status = JSON.readTree(created.body());
        assertEquals("ready", status.path("status").asText());
        String self = link(status.path("links"), "self").path("href").asText();
        assertEquals(self, created.headers().firstValue("Location").orElseThrow());
        assertEquals("application/vnd.readium.lcp.license.v1.0+json",
                link(status.path("links"), "license").path("type").asText());
        assertNotNull(link(status.path("links"), "return"));
        Instant end = Instant.parse(status.path("potential_rights").path("end").asText());
        assertTrue(end.isAfter(Instant.now().plus(Duration.ofDays(13))) && end.isBefore(Instant.now().plus(Duration.ofDays(15))),
                "the licence's 14-day length when no expires is given: " + end);

        HttpResponse<String> again = checkout(ONE_COPY, "checkout-1", "patron-1", Map.of());

        assertEquals(303, again.statusCode());
        assertEquals(self, again.headers().firstValue("Location").orElseThrow());
        JsonNode followed = JSON.readTree(get(self).body());
        assertEquals(status.path("id"), followed.path("id"));
        assertEquals(1, distributor.checkoutsOf(ONE_COPY).size());
        Checkout checkout = distributor.checkouts().get(0);
        assertEquals("checkout-1", checkout.checkoutId());
        assertEquals("patron-1", checkout.patronId());
        assertEquals(Checkout.Status.READY, checkout.status());
        assertEquals(status.path("id").asText(), checkout.loanId().toString());
    }

    @Test
    void aSecondPatronOnAOneCopyLicenceIsToldNoCopyIsAvailable() throws Exception {
        assertEquals(201, checkout(ONE_COPY, "c-1", "patron-1", Map.of()).statusCode());

        HttpResponse<String> refused = checkout(ONE_COPY, "c-2", "patron-2", Map.of());

        assertProblem(refused, 403, CHECKOUT_ERROR + "unavailable");
        assertEquals(1, distributor.checkoutsOf(ONE_COPY).size());
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() throws Exception {
        assertProblem(checkout(ONE_COPY, "c-1", "patron-1", Map.of("expires", "next tuesday")), 400,
                CHECKOUT_ERROR + "expires");
        assertProblem(checkout(ONE_COPY, "c-1", "patron-1", Map.of("expires", "2020-01-01T00:00:00Z")), 400,
                CHECKOUT_ERROR + "expires");
        assertProblem(checkout(ONE_COPY, "c-1", "", Map.of()), 400, CHECKOUT_ERROR + "patron_id");
        assertProblem(checkout(ONE_COPY, "", "patron-1", Map.of()), 400, CHECKOUT_ERROR + "checkout_id");
        assertProblem(checkout(ONE_COPY, "c-1", "patron-1", Map.of("notification_url", "not a url")), 400,
                CHECKOUT_ERROR + "notification_url");
        assertProblem(post(distributor.checkoutUrl(ONE_COPY) + "?" + form(Map.of("id", "urn:uuid:" + METERED,
                "checkout_id", "c-1", "patron_id", "patron-1"))), 400, CHECKOUT_ERROR + "id");
        assertEquals(List.of(), distributor.checkouts());
    }

    @Test
    void checkoutIsAPostAndTakesItsParametersAsAFormToo() throws Exception {
        assertEquals(405, get(distributor.checkoutUrl(ONE_COPY) + "?" + form(Map.of("id", "urn:uuid:" + ONE_COPY,
                "checkout_id", "c-1", "patron_id", "p-1"))).statusCode());

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(distributor.checkoutUrl(ONE_COPY)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("id", "urn:uuid:" + ONE_COPY,
                        "checkout_id", "c-1", "patron_id", "p-1")))).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void aReturnFreesTheCopyAndReturningTwiceIsHarmless() throws Exception {
        JsonNode loan = JSON.readTree(checkout(ONE_COPY, "c-1", "patron-1", Map.of()).body());
        String returnUrl = link(loan.path("links"), "return").path("href").asText();

        HttpResponse<String> returned = put(returnUrl);

        assertEquals(200, returned.statusCode());
        assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.LSD, returned.body()));
        JsonNode after = JSON.readTree(returned.body());
        assertEquals("returned", after.path("status").asText());
        assertEquals("return", after.path("events").get(0).path("type").asText());
        assertNull(link(after.path("links"), "return"));
        HttpResponse<String> twice = put(returnUrl);
        assertEquals(200, twice.statusCode());
        assertEquals("returned", JSON.readTree(twice.body()).path("status").asText());
        assertEquals(201, checkout(ONE_COPY, "c-2", "patron-2", Map.of()).statusCode(), "the copy is free again");
    }

    @Test
    void aMeteredLicenceRefusesCheckoutsOnceTheyAreUsedEvenAfterReturns() throws Exception {
        UUID licenceId = UUID.randomUUID();
        Catalogue twoCheckouts = Catalogue.of("two checkouts", List.of(publication("9789527410011",
                Licence.metered(licenceId, 2, 1, Instant.now().plus(Duration.ofDays(365)), Duration.ofDays(21),
                        Instant.parse("2026-01-01T00:00:00Z"), new BigDecimal("10.00")))));
        try (DistributorSimulator metered = DistributorSimulator.start(0, twoCheckouts)) {
            for (int i = 1; i <= 2; i++) {
                HttpResponse<String> created = checkout(metered, licenceId, "c-" + i, "patron-" + i, Map.of());
                assertEquals(201, created.statusCode(), created.body());
                put(link(JSON.readTree(created.body()).path("links"), "return").path("href").asText());
            }
            JsonNode info = JSON.readTree(get(metered.licenceInfoUrl(licenceId)).body());
            assertEquals("unavailable", info.path("status").asText());
            assertEquals(0, info.path("checkouts").path("left").asInt());

            assertProblem(checkout(metered, licenceId, "c-3", "patron-3", Map.of()), 403, CHECKOUT_ERROR + "unavailable");
        }
    }

    @Test
    void anExpiredLicenceRefusesCheckoutsAsExpired() throws Exception {
        UUID licenceId = UUID.randomUUID();
        Catalogue expired = Catalogue.of("expired", List.of(publication("9789527410011",
                Licence.timeLimited(licenceId, Instant.now().minus(Duration.ofDays(1)), 2, Duration.ofDays(21),
                        Instant.parse("2025-01-01T00:00:00Z"), null))));
        try (DistributorSimulator simulator = DistributorSimulator.start(0, expired)) {
            assertProblem(checkout(simulator, licenceId, "c-1", "patron-1", Map.of()), 403, CHECKOUT_ERROR + "expired");
            assertEquals("unavailable", JSON.readTree(get(simulator.licenceInfoUrl(licenceId)).body()).path("status").asText());
        }
    }

    @Test
    void aLicenceMadeUnavailableRefusesNewCheckoutsAndSaysSo() throws Exception {
        distributor.makeUnavailable(METERED);

        assertProblem(checkout(METERED, "c-1", "patron-1", Map.of()), 403, CHECKOUT_ERROR + "unavailable");
        JsonNode info = JSON.readTree(get(distributor.licenceInfoUrl(METERED)).body());
        assertEquals("unavailable", info.path("status").asText());
        assertEquals(0, info.path("checkouts").path("available").asInt());
    }

    @Test
    void twoFailuresThenTheCheckoutSucceeds() throws Exception {
        distributor.failNext(2, 500);

        assertEquals(500, checkout(ONE_COPY, "c-1", "patron-1", Map.of()).statusCode());
        assertEquals(500, checkout(ONE_COPY, "c-1", "patron-1", Map.of()).statusCode());
        assertEquals(201, checkout(ONE_COPY, "c-1", "patron-1", Map.of()).statusCode());

        List<Integer> answers = distributor.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/checkout"))
                .map(DistributorSimulator.RecordedRequest::status).toList();
        assertEquals(List.of(500, 500, 201), answers);
    }

    @Test
    void aSlowDistributorMakesAClientTimeOut() throws Exception {
        distributor.slowDown(Duration.ofSeconds(2));

        HttpRequest request = HttpRequest.newBuilder(URI.create(distributor.checkoutUrl(ONE_COPY) + "?"
                        + form(Map.of("id", "urn:uuid:" + ONE_COPY, "checkout_id", "c-1", "patron_id", "p-1"))))
                .timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThrows(HttpTimeoutException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));

        distributor.slowDown(Duration.ZERO);
        // the slow checkout went through after all; the client's retry with the same checkout_id finds it
        await().atMost(Duration.ofSeconds(5)).until(() -> distributor.checkouts().size() == 1);
        assertEquals(303, checkout(ONE_COPY, "c-1", "p-1", Map.of()).statusCode());
    }

    @Test
    void checkoutsAndReturnsAreAnsweredAfterTheLendingDelayEachOnItsOwn() throws Exception {
        distributor.answerLendingAfter(Duration.ofSeconds(2));

        HttpResponse<String> feed = http.send(HttpRequest.newBuilder(URI.create(distributor.feedUrl()))
                .timeout(Duration.ofMillis(1500)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, feed.statusCode(), "the feed is not a lending call: not delayed");
        long started = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> checkouts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int patron = i;
            checkouts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return checkout(THREE_AT_A_TIME, "c-" + patron, "patron-" + patron, Map.of());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<JsonNode> loans = new ArrayList<>();
        for (var checkout : checkouts) {
            HttpResponse<String> created = checkout.get();
            assertEquals(201, created.statusCode(), created.body());
            loans.add(JSON.readTree(created.body()));
        }
        Duration all = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(all.compareTo(Duration.ofSeconds(2)) >= 0, "answered after the delay: " + all);
        assertTrue(all.compareTo(Duration.ofSeconds(4)) < 0, "three checkouts waited side by side, not one after another: " + all);

        long returning = System.nanoTime();
        assertEquals(200, put(link(loans.get(0).path("links"), "return").path("href").asText()).statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - returning).compareTo(Duration.ofSeconds(2)) >= 0, "a return waits too");
    }

    @Test
    void titlesOfferedWhileItRunsAreInTheFeedAndLendUntilReset() throws Exception {
        String isbn = Catalogue.isbn13("978952900001");
        UUID licenceId = Catalogue.licenceId(isbn, 1);
        Publication demo = Catalogue.demo().publications().get(0);
        Publication offered = new Publication(isbn, demo.kind(), "Uusi teos", demo.author(), null, demo.language(),
                demo.publisher(), demo.published(), demo.description(), demo.subjects(), null, List.of(Licence.concurrent(
                licenceId, 2, Duration.ofDays(21), Instant.parse("2026-01-01T00:00:00Z"), new BigDecimal("20.00"))));

        distributor.offer(List.of(offered));

        JsonNode feed = JSON.readTree(get(distributor.feedUrl()).body());
        assertEquals(7, feed.path("publications").size());
        assertEquals("urn:uuid:" + licenceId, publication(feed, isbn).path("licenses").get(0).path("metadata")
                .path("identifier").asText());
        assertEquals(201, checkout(licenceId, "c-1", "patron-1", Map.of()).statusCode());
        assertThrows(IllegalArgumentException.class, () -> distributor.offer(List.of(offered)), "an ISBN sold already");
        assertThrows(IllegalArgumentException.class, () -> Catalogue.isbn13("97895290000"), "eleven digits");
        assertTrue(Catalogue.isValidIsbn13(isbn));

        distributor.reset();

        assertEquals(6, JSON.readTree(get(distributor.feedUrl()).body()).path("publications").size());
    }

    @Test
    void theLicenceInfoDocumentListsExactlyTheOpenCheckouts() throws Exception {
        List<String> loanIds = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> created = checkout(THREE_AT_A_TIME, "c-" + i, "patron-" + i, Map.of());
            assertEquals(201, created.statusCode());
            loanIds.add(JSON.readTree(created.body()).path("id").asText());
        }
        assertProblem(checkout(THREE_AT_A_TIME, "c-4", "patron-4", Map.of()), 403, CHECKOUT_ERROR + "unavailable");
        put(distributor.baseUrl() + "/loans/" + loanIds.get(1) + "/return");

        HttpResponse<String> response = get(distributor.licenceInfoUrl(THREE_AT_A_TIME));

        assertEquals("application/vnd.odl.info+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode info = JSON.readTree(response.body());
        assertEquals("urn:uuid:" + THREE_AT_A_TIME, info.path("identifier").asText());
        assertEquals("available", info.path("status").asText());
        assertEquals(1, info.path("checkouts").path("available").asInt());
        Map<String, String> active = new LinkedHashMap<>();
        info.path("checkouts").path("active").forEach(a -> active.put(a.path("id").asText(), a.path("patron_id").asText()));
        assertEquals(Map.of(loanIds.get(0), "patron-1", loanIds.get(2), "patron-3"), active);
        assertTrue(info.path("checkouts").path("active").get(0).path("expires").isTextual());
        assertEquals(3, info.path("terms").path("concurrency").asInt());
    }

    @Test
    void aMeteredCheckoutUsesOneCheckout() throws Exception {
        checkout(METERED, "c-1", "patron-1", Map.of());

        JsonNode info = JSON.readTree(get(distributor.licenceInfoUrl(METERED)).body());

        assertEquals(9, info.path("checkouts").path("left").asInt());
        assertEquals(1, info.path("checkouts").path("available").asInt());
    }

    @Test
    void aRevokedLoanIsPostedToTheNotificationUrlUntilItAnswers204() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer library = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        library.createContext("/odl/notify", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(calls.incrementAndGet() < 3 ? 500 : 204, -1);
            exchange.close();
        });
        library.start();
        try (DistributorSimulator quick = DistributorSimulator.start(0, Catalogue.demo(),
                DistributorSimulator.Options.defaults().withNotificationRetries(4, Duration.ofMillis(50)))) {
            String notificationUrl = "http://localhost:" + library.getAddress().getPort() + "/odl/notify";
            JsonNode loan = JSON.readTree(checkout(quick, ONE_COPY, "c-1", "patron-1",
                    Map.of("notification_url", notificationUrl)).body());
            UUID loanId = UUID.fromString(loan.path("id").asText());

            quick.revoke(loanId);

            await().atMost(Duration.ofSeconds(10)).until(() -> quick.notificationsSent().size() == 1
                    && quick.notificationsSent().get(0).delivered());
            Notification notification = quick.notificationsSent().get(0);
            assertEquals(List.of(500, 500, 204), notification.attempts().stream().map(Notification.Attempt::httpStatus).toList());
            assertEquals(Checkout.Status.REVOKED, notification.status());
            JsonNode posted = JSON.readTree(received.get(2));
            assertEquals(loanId.toString(), posted.path("id").asText());
            assertEquals("revoked", posted.path("status").asText());
            assertTrue(posted.path("updated").path("status").isTextual());
            assertEquals("revoked", JSON.readTree(get(link(loan.path("links"), "self").path("href").asText()).body())
                    .path("status").asText());
            assertEquals(0, JSON.readTree(get(quick.licenceInfoUrl(ONE_COPY)).body()).path("checkouts").path("active").size());
        } finally {
            library.stop(0);
        }
    }

    @Test
    void aLoanPastItsEndExpiresAndIsNotified() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer library = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        library.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        library.start();
        try {
            String end = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).toString();
            JsonNode loan = JSON.readTree(checkout(ONE_COPY, "c-1", "patron-1", Map.of("expires", end,
                    "notification_url", "http://localhost:" + library.getAddress().getPort() + "/n")).body());
            assertEquals(end, loan.path("potential_rights").path("end").asText());

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

            assertEquals("expired", JSON.readTree(received.get(0)).path("status").asText());
            assertEquals(Checkout.Status.EXPIRED, distributor.checkouts().get(0).status());
            assertEquals(201, checkout(ONE_COPY, "c-2", "patron-2", Map.of()).statusCode());
        } finally {
            library.stop(0);
        }
    }

    @Test
    void aLoanIsRenewedUpToTheLicencesLength() throws Exception {
        String shortEnd = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonNode loan = JSON.readTree(checkout(ONE_COPY, "c-1", "patron-1", Map.of("expires", shortEnd)).body());
        String renew = link(loan.path("links"), "renew").path("href").asText();

        assertProblem(put(renew + "?end=" + Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS)), 403,
                "http://readium.org/license-status-document/error/renew/date");
        HttpResponse<String> renewed = put(renew);

        assertEquals(200, renewed.statusCode(), renewed.body());
        JsonNode after = JSON.readTree(renewed.body());
        Instant end = Instant.parse(after.path("potential_rights").path("end").asText());
        assertTrue(end.isAfter(Instant.now().plus(Duration.ofDays(13))), "extended to the 14-day length: " + end);
        assertEquals("renew", after.path("events").get(0).path("type").asText());
        assertNull(link(after.path("links"), "renew"), "as long as it may be: no more renewals");
        assertProblem(put(renew), 403, "http://readium.org/license-status-document/error/renew/date");
    }

    @Test
    void theLcpLicenceOpensWithThePassphraseAndMakesTheLoanActive() throws Exception {
        JsonNode loan = JSON.readTree(checkout(ONE_COPY, "c-1", "patron-1", Map.of("passphrase", "kirjasto-salasana",
                "hint", "Kirjastosi PIN ja lempivärisi")).body());
        String loanId = loan.path("id").asText();

        HttpResponse<String> response = get(link(loan.path("links"), "license").path("href").asText());

        assertEquals(200, response.statusCode());
        assertEquals("application/vnd.readium.lcp.license.v1.0+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode licence = JSON.readTree(response.body());
        assertEquals(loanId, licence.path("id").asText());
        assertEquals("patron-1", licence.path("user").path("id").asText());
        assertEquals("http://readium.org/lcp/basic-profile", licence.path("encryption").path("profile").asText());
        JsonNode userKey = licence.path("encryption").path("user_key");
        assertEquals("Kirjastosi PIN ja lempivärisi", userKey.path("text_hint").asText());
        byte[] key = MessageDigest.getInstance("SHA-256").digest("kirjasto-salasana".getBytes(StandardCharsets.UTF_8));
        assertEquals(loanId, decrypt(key, userKey.path("key_check").asText()), "key_check opens with the passphrase");
        assertTrue(licence.path("rights").path("end").isTextual());
        assertTrue(licence.path("signature").path("value").isTextual());
        assertTrue(link(licence.path("links"), "hint").path("href").asText().startsWith("http"));
        JsonNode publication = link(licence.path("links"), "publication");
        assertEquals("application/epub+zip", publication.path("type").asText());
        HttpResponse<byte[]> epub = http.send(HttpRequest.newBuilder(URI.create(publication.path("href").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, epub.statusCode());
        assertEquals(publication.path("length").asInt(), epub.body().length);
        assertEquals(publication.path("hash").asText(),
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(epub.body())));
        assertEquals("active", JSON.readTree(get(distributor.baseUrl() + "/loans/" + loanId).body()).path("status").asText());
        assertTrue(distributor.checkouts().get(0).hintGiven());
        assertTrue(distributor.requests().stream().noneMatch(r -> r.query() != null && r.query().contains("kirjasto-salasana")),
                "the passphrase is never recorded");

        put(distributor.baseUrl() + "/loans/" + loanId + "/return");
        assertEquals(403, get(publication.path("href").asText()).statusCode(), "no book after the loan");
    }

    @Test
    void anAudiobookLoanHandsOutAnAudiobookPackage() throws Exception {
        JsonNode loan = JSON.readTree(checkout(THREE_AT_A_TIME, "c-1", "patron-1", Map.of()).body());
        JsonNode licence = JSON.readTree(get(link(loan.path("links"), "license").path("href").asText()).body());
        JsonNode publication = link(licence.path("links"), "publication");

        assertEquals("application/audiobook+lcp", publication.path("type").asText());
        HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(publication.path("href").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file.body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        JsonNode manifest = JSON.readTree(entries.get("manifest.json"));
        assertEquals("http://schema.org/Audiobook", manifest.path("metadata").path("@type").asText());
        String track = manifest.path("readingOrder").get(0).path("href").asText();
        assertEquals("RIFF", new String(entries.get(track), 0, 4, StandardCharsets.US_ASCII));
    }

    @Test
    void aPublicationsSelfLinkGivesThePublicationAlone() throws Exception {
        JsonNode feed = JSON.readTree(get(distributor.feedUrl()).body());
        JsonNode first = feed.path("publications").get(0);

        HttpResponse<String> alone = get(link(first.path("links"), "self").path("href").asText());

        assertEquals(200, alone.statusCode());
        assertEquals("application/opds-publication+json", alone.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(List.of(), StandardSchemas.violations(StandardSchemas.OPDS_PUBLICATION, alone.body()));
        assertEquals(first, JSON.readTree(alone.body()));
    }

    @Test
    void theEpubIsAValidEpub3Container() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                URI.create(distributor.baseUrl() + "/content/9789527410066.epub")).build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] epub = response.body();

        assertEquals(200, response.statusCode());
        assertEquals("mimetype", new String(epub, 30, 8, StandardCharsets.US_ASCII), "mimetype is the first entry");
        assertEquals("application/epub+zip", new String(epub, 38, 20, StandardCharsets.US_ASCII), "stored uncompressed");
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(epub))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("mimetype", "META-INF/container.xml", "EPUB/package.opf", "EPUB/nav.xhtml", "EPUB/style.css",
                "EPUB/text/chapter-1.xhtml", "EPUB/text/chapter-2.xhtml"), List.copyOf(entries.keySet()));
        assertTrue(entries.get("META-INF/container.xml").contains("full-path=\"EPUB/package.opf\""));
        assertTrue(entries.get("EPUB/package.opf").contains(">urn:isbn:9789527410066</dc:identifier>"));
        assertTrue(entries.get("EPUB/package.opf").contains("properties=\"nav\""));
        assertTrue(entries.get("EPUB/text/chapter-1.xhtml").contains("Lastuja"));
        assertEquals(404, get(distributor.baseUrl() + "/content/9789527410011.epub").statusCode(),
                "a licensed title is no free download");
    }

    @Test
    void credentialsAreRequiredWhenConfigured() throws Exception {
        try (DistributorSimulator guarded = DistributorSimulator.start(0, Catalogue.demo(),
                DistributorSimulator.Options.defaults().withBasicAuth("lainaamo", "salainen"))) {
            HttpResponse<String> anonymous = get(guarded.feedUrl());
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic"));
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(guarded.feedUrl()))
                    .header("Authorization", basic("lainaamo", "väärä")).build()).statusCode());
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(guarded.checkoutUrl(ONE_COPY)))
                    .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode());

            assertEquals(200, send(HttpRequest.newBuilder(URI.create(guarded.feedUrl()))
                    .header("Authorization", basic("lainaamo", "salainen")).build()).statusCode());
            assertEquals(200, get(guarded.baseUrl() + "/content/9789527410066.epub").statusCode(),
                    "the open-access book needs no credentials");
            assertEquals(200, get(guarded.baseUrl() + "/covers/9789527410011.png").statusCode());
        }
        try (DistributorSimulator guarded = DistributorSimulator.start(0, Catalogue.demo(),
                DistributorSimulator.Options.defaults().withBearerToken("t0ken"))) {
            assertEquals(401, get(guarded.feedUrl()).statusCode());
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(guarded.feedUrl()))
                    .header("Authorization", "Bearer t0ken").build()).statusCode());
        }
    }

    @Test
    void testsInAnotherJvmSteerItOverHttp() throws Exception {
        JsonNode loan = JSON.readTree(checkout(ONE_COPY, "c-1", "patron-1", Map.of("hint", "vihje")).body());

        JsonNode checkouts = JSON.readTree(get(distributor.baseUrl() + "/_sim/checkouts").body());
        assertEquals(1, checkouts.size());
        assertEquals(loan.path("id").asText(), checkouts.get(0).path("loanId").asText());
        assertEquals("urn:uuid:" + ONE_COPY, "urn:uuid:" + checkouts.get(0).path("licenceId").asText());
        assertTrue(checkouts.get(0).path("hintGiven").asBoolean());

        assertEquals(204, post(distributor.baseUrl() + "/_sim/revoke/" + loan.path("id").asText()).statusCode());
        assertEquals(Checkout.Status.REVOKED, distributor.checkouts().get(0).status());
        assertEquals(204, post(distributor.baseUrl() + "/_sim/unavailable/" + METERED).statusCode());
        assertProblem(checkout(METERED, "c-2", "patron-2", Map.of()), 403, CHECKOUT_ERROR + "unavailable");

        assertEquals(204, post(distributor.baseUrl() + "/_sim/fail?count=1&status=503").statusCode());
        HttpResponse<String> failed = get(distributor.feedUrl());
        assertEquals(503, failed.statusCode());
        assertEquals("1", failed.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(200, get(distributor.feedUrl()).statusCode());

        assertEquals(204, post(distributor.baseUrl() + "/_sim/slow?ms=0").statusCode());
        assertEquals(204, post(distributor.baseUrl() + "/_sim/lending-delay?ms=0").statusCode());
        assertEquals(204, post(distributor.baseUrl() + "/_sim/reset").statusCode());
        assertEquals(0, JSON.readTree(get(distributor.baseUrl() + "/_sim/checkouts").body()).size());
    }

    // --- helpers ---

    private HttpResponse<String> checkout(UUID licenceId, String checkoutId, String patronId, Map<String, String> more)
            throws Exception {
        return checkout(distributor, licenceId, checkoutId, patronId, more);
    }

    private HttpResponse<String> checkout(DistributorSimulator simulator, UUID licenceId, String checkoutId, String patronId,
                                          Map<String, String> more) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("id", "urn:uuid:" + licenceId);
        params.put("checkout_id", checkoutId);
        params.put("patron_id", patronId);
        params.putAll(more);
        return post(simulator.checkoutUrl(licenceId) + "?" + form(params));
    }

    private static Publication publication(String isbn, Licence licence) {
        Publication demo = Catalogue.demo().publication(isbn).orElseThrow();
        return new Publication(demo.isbn(), demo.kind(), demo.title(), demo.author(), demo.narrator(), demo.language(),
                demo.publisher(), demo.published(), demo.description(), demo.subjects(), demo.duration(), List.of(licence));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(type, problem.path("type").asText(), response.body());
        assertEquals(status, problem.path("status").asInt());
        assertTrue(problem.path("detail").isTextual());
    }

    private static JsonNode publication(JsonNode feed, String isbn) {
        for (JsonNode p : feed.path("publications")) {
            if (p.path("metadata").path("identifier").asText().equals("urn:isbn:" + isbn)) {
                return p;
            }
        }
        throw new AssertionError("no " + isbn + " in the feed");
    }

    private static JsonNode link(JsonNode links, String rel) {
        for (JsonNode link : links) {
            if (link.path("rel").asText().equals(rel)) {
                return link;
            }
        }
        return null;
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String decrypt(byte[] key, String base64) throws Exception {
        byte[] all = Base64.getDecoder().decode(base64);
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(all, 16)));
        return new String(aes.doFinal(all, 16, all.length - 16), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).build());
    }

    private HttpResponse<String> post(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<String> put(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
