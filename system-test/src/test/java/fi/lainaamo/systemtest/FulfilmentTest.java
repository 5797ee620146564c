package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;
import fi.lainaamo.devinfra.distributor.Catalogue;
import fi.lainaamo.devinfra.distributor.DistributorSimulator;
import fi.lainaamo.events.PublicationIds;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static fi.lainaamo.systemtest.SystemStack.url;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loan gives the patron something to read, with the stack's own configuration: every link the status document,
 * the shelf and the fulfilment answer hand out is followed; an ODL title is checked out at the distributor (the
 * simulator the stack runs) exactly once and returned there; an open-access title lends to fifty patrons at once.
 */
class FulfilmentTest {

    static final String ANNA_LIISA = "9789527410011"; // one copy, one user, at the distributor
    static final String LASTUJA = "9789527410066";    // open access
    private static LocalStack stack;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void importTheDistributorsFeed() throws Exception {
        stack = SystemStack.get();
        given().auth().oauth2(SystemStack.admin()).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", stack.distributor().feedUrl(), "distributor", "simulator"))
                .post(url(Service.LICENSE, "/v1/imports/odl")).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    @Test
    void anOdlTitleIsCheckedOutAtTheDistributorOpensWithItsLcpLicenceAndIsReturnedThere() throws Exception {
        DistributorSimulator distributor = stack.distributor();
        String patron = SystemStack.patron(SystemStack.card("ODL"), "091");
        UUID title = PublicationIds.fromIdentifier("urn:isbn:" + ANNA_LIISA);
        String loan = borrow(patron, title.toString()).then().statusCode(201).extract().path("id");

        UUID licence = Catalogue.licenceId(ANNA_LIISA, 1);
        assertEquals(1, distributor.checkoutsOf(licence).stream().filter(c -> c.status().name().matches("READY|ACTIVE")).count());

        // every link the status document hands out
        JsonPath status = given().auth().oauth2(patron).get(url(Service.LOAN, "/v1/loans/" + loan + "/status"))
                .then().statusCode(200).extract().jsonPath();
        String lcp = status.getString("links.find { it.rel == 'license' }.href");
        assertTrue(lcp.startsWith(distributor.baseUrl()), lcp);
        followEveryLink(status.getList("links"), patron);
        HttpResponse<String> licenceDocument = get(lcp, null);
        assertEquals(200, licenceDocument.statusCode());
        assertTrue(licenceDocument.body().contains("\"encryption\""), licenceDocument.body());

        // the fulfilment answer leads to the same licence
        String href = given().auth().oauth2(patron).get(url(Service.LOAN, "/v1/loans/" + loan + "/fulfilment"))
                .then().statusCode(200).extract().path("href");
        HttpResponse<String> redirect = get(href, null);
        assertEquals(303, redirect.statusCode());
        assertEquals(lcp, redirect.headers().firstValue("Location").orElseThrow());

        // the shelf's links
        followEveryLink(given().auth().oauth2(patron).get(url(Service.LOAN, "/opds/shelf")).then().statusCode(200)
                .extract().jsonPath().getList("publications.links.flatten()"), patron);

        // the return reaches the distributor, and the copy is free again
        given().auth().oauth2(patron).post(url(Service.LOAN, "/v1/loans/" + loan + "/return")).then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> distributor.checkoutsOf(licence).stream()
                .allMatch(c -> c.status().name().equals("RETURNED")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(url(Service.LICENSE, "/v1/publications/" + title
                + "/availability")).then().body("seatsFree", equalTo(1)));
    }

    @Test
    void anAudiobookFromTheDistributorAlsoLinksItsManifest() throws Exception {
        String patron = SystemStack.patron(SystemStack.card("AUD"), "837");
        String loan = borrow(patron, PublicationIds.fromIdentifier("urn:isbn:9789527410028").toString()).then().statusCode(201)
                .extract().path("id");
        JsonPath status = given().auth().oauth2(patron).get(url(Service.LOAN, "/v1/loans/" + loan + "/status"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals("application/audiobook+json", status.getString("links.find { it.rel == 'publication' }.type"));
        followEveryLink(status.getList("links"), patron);
        HttpResponse<String> manifest = get(status.getString("links.find { it.rel == 'publication' }.href"), null);
        assertTrue(manifest.body().contains("\"readingOrder\""), manifest.body());
        given().auth().oauth2(patron).post(url(Service.LOAN, "/v1/loans/" + loan + "/return")).then().statusCode(200);
    }

    @Test
    void ourOwnContentIsReachedThroughASignedLinkThatCatalogServiceAccepts() throws Exception {
        String patron = SystemStack.patron(SystemStack.card("OWN"), "091");
        String title = SystemStack.title("Oma kirja", 1);
        String loan = borrow(patron, title).then().statusCode(201).extract().path("id");
        String href = given().auth().oauth2(patron).get(url(Service.LOAN, "/v1/loans/" + loan + "/fulfilment"))
                .then().statusCode(200).extract().path("href");
        HttpResponse<String> redirect = get(href, null);
        assertEquals(303, redirect.statusCode());
        String content = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(content.startsWith(url(Service.CATALOG, "/v1/publications/" + title + "/content?")), content);
        // nothing uploaded for this title: the signature is accepted (not 403) and the answer says there is no content
        HttpResponse<String> answer = get(content, null);
        assertTrue(answer.statusCode() == 200 || answer.statusCode() == 404, content + " answered " + answer.statusCode() + " " + answer.body());
        assertEquals(403, get(content.replaceAll("sig=[0-9a-f]{4}", "sig=0000"), null).statusCode());
        given().auth().oauth2(patron).post(url(Service.LOAN, "/v1/loans/" + loan + "/return")).then().statusCode(200);
    }

    @Test
    void anOpenAccessTitleIsLentToFiftyPatronsAtOnce() throws Exception {
        String title = PublicationIds.fromIdentifier("urn:isbn:" + LASTUJA).toString();
        List<String> patrons = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            patrons.add(SystemStack.patron(SystemStack.card("OPEN"), i % 2 == 0 ? "091" : "837"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Integer>> answers = new ArrayList<>();
        for (String patron : patrons) {
            answers.add(pool.submit(() -> borrow(patron, title).statusCode()));
        }
        Map<Integer, Integer> byStatus = new HashMap<>();
        for (Future<Integer> answer : answers) {
            byStatus.merge(answer.get(), 1, Integer::sum);
        }
        pool.shutdown();
        assertEquals(Map.of(201, 50), byStatus);
        String loan = given().auth().oauth2(patrons.get(0)).get(url(Service.LOAN, "/v1/loans")).then().statusCode(200)
                .extract().path("find { it.publicationId == '" + title + "' }.id");
        String href = given().auth().oauth2(patrons.get(0)).get(url(Service.LOAN, "/v1/loans/" + loan + "/fulfilment"))
                .then().statusCode(200).extract().path("href");
        HttpResponse<String> redirect = get(href, null);
        assertEquals(303, redirect.statusCode());
        HttpResponse<String> epub = get(redirect.headers().firstValue("Location").orElseThrow(), null);
        assertEquals(200, epub.statusCode());
        assertTrue(epub.body().startsWith("PK") && epub.body().contains("mimetypeapplication/epub+zip"), "an EPUB, mimetype first");
    }

    /** Follows each non-templated link; none may fail (4xx from a signed link, or any 5xx). */
    private static void followEveryLink(List<Map<String, Object>> links, String patron) throws Exception {
        for (Map<String, Object> link : links) {
            String href = (String) link.get("href");
            if (href == null || Boolean.TRUE.equals(link.get("templated")) || Boolean.parseBoolean(String.valueOf(link.get("templated")))) {
                continue;
            }
            if (String.valueOf(link.get("rel")).equals("return") || String.valueOf(link.get("rel")).equals("renew")) {
                continue; // these change the loan (PUT)
            }
            HttpResponse<String> answer = get(href, patron);
            assertTrue(answer.statusCode() < 400, link + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static HttpResponse<String> get(String href, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(href)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static Response borrow(String patron, String title) {
        return given().auth().oauth2(patron).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("publicationId", title)).post(url(Service.LOAN, "/v1/loans"));
    }
}
