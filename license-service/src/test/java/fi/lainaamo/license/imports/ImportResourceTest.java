package fi.lainaamo.license.imports;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationIds;
import fi.lainaamo.license.DistributorPorts.Distributor;
import fi.lainaamo.license.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** ODL import against the real fixtures, and a distributor simulated over HTTP for feeds, info documents and failures. */
@QuarkusTest
class ImportResourceTest {

    static final String ADMIN = TestTokens.consortiumAdmin();
    static final UUID BOOK_222 = PublicationIds.fromIdentifier("urn:isbn:9789512445448");
    static WireMockServer distributor;
    /** A second distributor host, where a feed may continue. */
    static WireMockServer otherHost;

    @BeforeAll
    static void startDistributor() {
        distributor = new WireMockServer(options().port(Distributor.FEEDS.port()));
        distributor.start();
        otherHost = new WireMockServer(options().port(Distributor.OTHER_HOST.port()));
        otherHost.start();
    }

    @AfterAll
    static void stopDistributor() {
        if (distributor != null) {
            distributor.stop();
        }
        if (otherHost != null) {
            otherHost.stop();
        }
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = ImportResourceTest.class.getResourceAsStream("/odl/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static ValidatableResponse upload(String feed, String distributorName) {
        return given().auth().oauth2(ADMIN).contentType("application/opds+json").body(feed)
                .queryParam("distributor", distributorName)
                .when().post("/v1/imports/odl").then();
    }

    @Test
    void importsEveryLicenceOnceAndMarksLicencesMissingFromALaterFeedUnavailable() throws IOException {
        String who = "ellibs-" + UUID.randomUUID();
        upload(fixture("ellibs_feed_accessibility.json"), who).statusCode(200)
                .body("publications", equalTo(3)).body("imported", equalTo(3)).body("rejected", equalTo(0))
                .body("licences.find { it.identifier == 'urn:license:222' }.publicationId", equalTo(BOOK_222.toString()));
        String licence222 = licenceId(who, "urn:license:222");
        given().auth().oauth2(ADMIN).when().get("/v1/licences/{id}", licence222).then().statusCode(200)
                .body("concurrency", equalTo(1)).body("maxLoanDays", equalTo(14)).body("format", equalTo("EPUB"))
                .body("distributor", equalTo(who)).body("status", equalTo("available"));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/{id}", licenceId(who, "urn:license:333")).then()
                .body("status", equalTo("expired"));
        long added = TestDb.events(EventTypes.LICENCE_ADDED, licence222, BOOK_222);

        upload(fixture("ellibs_feed_accessibility.json"), who).statusCode(200)
                .body("imported", equalTo(0)).body("updated", equalTo(0)).body("unchanged", equalTo(3));
        assertEquals(added, TestDb.events(EventTypes.LICENCE_ADDED, licence222, BOOK_222));
        assertEquals(0, TestDb.events(EventTypes.LICENCE_UPDATED, licence222, BOOK_222));

        upload(fixture("ellibs_feed_single_publication.json"), who).statusCode(200)
                .body("unchanged", equalTo(1)).body("markedUnavailable", equalTo(2))
                .body("licences.findAll { it.result == 'unavailable' }.identifier", org.hamcrest.Matchers.containsInAnyOrder("urn:license:333", "urn:license:444"));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/{id}", licenceId(who, "urn:license:444")).then()
                .statusCode(200).body("status", equalTo("unavailable"));
        assertEquals(1, TestDb.events(EventTypes.LICENCE_UPDATED, licenceId(who, "urn:license:444"), PublicationIds.fromIdentifier("urn:isbn:9789510504437")));

        // listed again: available again
        upload(fixture("ellibs_feed_accessibility.json"), who).statusCode(200).body("updated", equalTo(2)).body("unchanged", equalTo(1));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/{id}", licenceId(who, "urn:license:444")).then()
                .body("status", equalTo("available"));
    }

    @Test
    void passesEachPublicationsMetadataOnOncePerChange() throws IOException {
        String feed = fixture("bad_accessibility_data.json").replace("\"Example listing publications\"", "\"Listing " + UUID.randomUUID() + "\"");
        UUID publication = PublicationIds.fromIdentifier("9781250895653");
        long before = TestDb.events(EventTypes.FEED_PUBLICATION_RECEIVED, publication, publication);
        String who = "other-" + UUID.randomUUID();
        upload(feed, who).statusCode(200).body("imported", equalTo(1));
        upload(feed, who).statusCode(200).body("unchanged", equalTo(1));
        long after = TestDb.events(EventTypes.FEED_PUBLICATION_RECEIVED, publication, publication);
        // passed on at most once for both imports (once if this metadata was new to the service)
        assertEquals(true, after - before <= 1);
        String changed = feed.replace("\"modified\"", "\"x-lainaamo-test\": \"" + UUID.randomUUID() + "\", \"modified\"");
        upload(changed, who).statusCode(200);
        assertEquals(after + 1, TestDb.events(EventTypes.FEED_PUBLICATION_RECEIVED, publication, publication));
    }

    @Test
    void saysWhyEachRefusedLicenceWasRefusedInTheCallersLanguage() {
        String feed = """
                {"links": [{"rel": "self", "href": "https://feeds.example.org/odl"}],
                 "publications": [{"metadata": {"identifier": "urn:isbn:9789510000019"}, "licenses": [
                   {"metadata": {"identifier": "bad", "format": "application/epub+zip", "terms": {"concurrency": "many"}}}]}]}""";
        given().auth().oauth2(ADMIN).contentType("application/opds+json").header("Accept-Language", "sv").body(feed)
                .queryParam("distributor", "refusals-" + UUID.randomUUID())
                .when().post("/v1/imports/odl").then().statusCode(200)
                .body("rejected", equalTo(1))
                .body("licences[0].result", equalTo("rejected"))
                .body("licences[0].reason", equalTo("invalid-term"))
                .body("licences[0].detail", equalTo("Licensvillkoret concurrency har inget giltigt värde."));
        given().auth().oauth2(ADMIN).contentType("application/opds+json").body("{\"title\": 1}")
                .when().post("/v1/imports/odl").then().statusCode(400).body("code", equalTo("invalid-feed"));
    }

    @Test
    void fetchesAFeedFromAnAllowedDistributorAndRefusesOtherHosts() throws IOException {
        distributor.stubFor(get(urlEqualTo("/odl/feed.json")).willReturn(aResponse().withHeader("Content-Type", "application/opds+json")
                .withBody(fixture("ellibs_feed_single_publication.json"))));
        String who = "fetched-" + UUID.randomUUID();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", distributor.baseUrl() + "/odl/feed.json", "distributor", who))
                .when().post("/v1/imports/odl").then().statusCode(200)
                .body("imported", equalTo(1)).body("complete", equalTo(true)).body("pages", equalTo(1));

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body(Map.of("feedUrl", "https://evil.example.org/feed.json"))
                .when().post("/v1/imports/odl").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("host-not-allowed"))
                .body("title", equalTo("Ei sallittu jakelijan palvelin"));
    }

    @Test
    void aSlowOrFailingDistributorIsAProblemThatSaysWhatToDoAndChangesNothing() {
        distributor.stubFor(get(urlEqualTo("/odl/slow.json")).willReturn(aResponse().withFixedDelay(3000).withBody("{}")));
        distributor.stubFor(get(urlEqualTo("/odl/broken.json")).willReturn(aResponse().withStatus(500)));
        distributor.stubFor(get(urlEqualTo("/odl/html.json")).willReturn(aResponse().withBody("<html>maintenance</html>")));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", distributor.baseUrl() + "/odl/slow.json"))
                .when().post("/v1/imports/odl").then().statusCode(504)
                .body("code", equalTo("distributor-timeout")).body("detail", containsString("Try again later"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", distributor.baseUrl() + "/odl/broken.json"))
                .when().post("/v1/imports/odl").then().statusCode(502)
                .body("code", equalTo("distributor-error")).body("detail", containsString("500"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", distributor.baseUrl() + "/odl/html.json"))
                .when().post("/v1/imports/odl").then().statusCode(502)
                .body("code", equalTo("distributor-bad-document"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", Distributor.CLOSED.baseUrl() + "/odl/closed.json"))
                .when().post("/v1/imports/odl").then().statusCode(502)
                .body("code", equalTo("distributor-unreachable"));
    }

    @Test
    void reconcilesWithTheLicenseInfoDocument() throws IOException {
        String who = "reconciled-" + UUID.randomUUID();
        String info = distributor.baseUrl() + "/info/" + who;
        // the fixture is another licence's document (urn:license:123); here it stands for licence 222's own
        distributor.stubFor(get(urlEqualTo("/info/" + who + "/222")).willReturn(aResponse()
                .withHeader("Content-Type", "application/vnd.odl.info+json").withBody(fixture("license-info-ellibs-checked-out.json")
                        .replace("urn:license:123", "urn:license:222"))));
        distributor.stubFor(get(urlEqualTo("/info/" + who + "/metered")).willReturn(aResponse()
                .withBody("{\"identifier\": \"metered\", \"status\": \"available\", \"checkouts\": {\"left\": \"3\", \"available\": \"2\"}}")));
        String feed = fixture("ellibs_feed_single_publication.json")
                .replace("https://example.com/odl-test/status.php?license_id=222", info + "/222");
        upload(feed, who).statusCode(200).body("imported", equalTo(1));
        String licence222 = licenceId(who, "urn:license:222");
        given().auth().oauth2(ADMIN).when().post("/v1/licences/{id}/reconcile", licence222).then().statusCode(200)
                .body("distributorStatus", equalTo("unavailable")).body("status", equalTo("unavailable")).body("changed", equalTo(true));
        given().auth().oauth2(ADMIN).when().post("/v1/licences/{id}/reconcile", licence222).then().statusCode(200)
                .body("changed", equalTo(false));
        // re-importing the feed does not undo what the distributor said
        upload(feed, who).statusCode(200).body("unchanged", equalTo(1));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/{id}", licence222).then().body("status", equalTo("unavailable"));

        UUID publication = UUID.randomUUID();
        String metered = """
                {"publications": [{"metadata": {"identifier": "urn:uuid:%s"}, "licenses": [
                  {"metadata": {"identifier": "metered", "format": "application/epub+zip",
                                "terms": {"concurrency": "2", "checkouts": "10"}, "price": {"value": "120", "currency": "eur"}},
                   "links": [{"rel": "self", "href": "%s/metered", "type": "application/vnd.odl.info+json"}]}]}]}"""
                .formatted(publication, info);
        upload(metered, who).statusCode(200).body("imported", equalTo(1));
        given().auth().oauth2(ADMIN).contentType("application/opds+json").body(metered)
                .queryParam("distributor", who).queryParam("reconcile", true)
                .when().post("/v1/imports/odl").then().statusCode(200)
                .body("licences[0].result", equalTo("unchanged")).body("licences[0].reconciled", equalTo("changed"));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/{id}", licenceId(who, "metered")).then()
                .body("checkoutsLeft", equalTo(3)).body("checkoutsUsed", equalTo(7)).body("currency", equalTo("EUR"));
    }

    @Test
    void aNextPageOnAnotherAllowedHostIsFollowedAndItsRelativeLinksAreItsOwn() {
        String run = UUID.randomUUID().toString();
        String who = "two-hosts-" + run;
        // page 1 here, page 2 on the other host, whose relative next link means page 3 on that same host
        distributor.stubFor(get(urlEqualTo("/odl/" + run + "/1.json")).willReturn(feed(page(run + "-1",
                Distributor.OTHER_HOST.baseUrl() + "/odl/" + run + "/2.json"))));
        otherHost.stubFor(get(urlEqualTo("/odl/" + run + "/2.json")).willReturn(feed(page(run + "-2", "3.json"))));
        otherHost.stubFor(get(urlEqualTo("/odl/" + run + "/3.json")).willReturn(feed(page(run + "-3", null))));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", distributor.baseUrl() + "/odl/" + run + "/1.json", "distributor", who))
                .when().post("/v1/imports/odl").then().statusCode(200)
                .body("pages", equalTo(3)).body("complete", equalTo(true)).body("imported", equalTo(3))
                .body("incompleteReason", nullValue());
    }

    @Test
    void aNextPageOnAHostThatIsNotAllowedIsNotFetchedAndWhatWasReadIsKept() {
        String run = UUID.randomUUID().toString();
        String who = "stopped-" + run;
        // first the whole feed: two licences
        distributor.stubFor(get(urlEqualTo("/odl/" + run + "/whole.json")).willReturn(feed("""
                {"publications": [%s, %s]}""".formatted(publication(run + "-1"), publication(run + "-2")))));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", distributor.baseUrl() + "/odl/" + run + "/whole.json", "distributor", who))
                .when().post("/v1/imports/odl").then().statusCode(200).body("imported", equalTo(2));
        // then a feed whose second page is on this very distributor, but under a host:port not on the allow-list
        String elsewhere = "http://127.0.0.1:" + Distributor.FEEDS.port();
        distributor.stubFor(get(urlEqualTo("/odl/" + run + "/1.json")).willReturn(feed(page(run + "-1", elsewhere + "/odl/" + run + "/2.json"))));
        distributor.stubFor(get(urlEqualTo("/odl/" + run + "/2.json")).willReturn(feed(page(run + "-2", null))));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("Accept-Language", "en")
                .body(Map.of("feedUrl", distributor.baseUrl() + "/odl/" + run + "/1.json", "distributor", who))
                .when().post("/v1/imports/odl").then().statusCode(200)
                .body("pages", equalTo(1)).body("complete", equalTo(false))
                .body("incompleteReason", equalTo("next-page-host-not-allowed"))
                .body("incompleteDetail", containsString("127.0.0.1:" + Distributor.FEEDS.port()))
                .body("unchanged", equalTo(1)).body("markedUnavailable", equalTo(0));
        distributor.verify(0, getRequestedFor(urlEqualTo("/odl/" + run + "/2.json")));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/{id}", licenceId(who, run + "-2")).then()
                .statusCode(200).body("status", equalTo("available"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body(Map.of("feedUrl", distributor.baseUrl() + "/odl/" + run + "/1.json", "distributor", who))
                .when().post("/v1/imports/odl").then().statusCode(200)
                .body("incompleteDetail", containsString("ei ole sallittu"));
    }

    @Test
    void anAllowedHostOnAnotherPortIsNotReachedAndItsAnswerNeverShown() {
        // this service's own port: an internal service that would answer 401
        String internal = "http://localhost:" + io.restassured.RestAssured.port + "/v1/licences?publicationId=" + UUID.randomUUID();
        String hostAndPort = "localhost:" + io.restassured.RestAssured.port;
        String detail = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("feedUrl", internal))
                .when().post("/v1/imports/odl").then().statusCode(400)
                .body("code", equalTo("host-not-allowed"))
                .body("detail", containsString(hostAndPort))
                .extract().path("detail");
        // the port itself may contain "401" (34011): only the rest of the text must not show the internal answer
        assertFalse(detail.replace(hostAndPort, "").contains("401"), detail);
        // an info document link to it is not read either
        String feed = """
                {"publications": [{"metadata": {"identifier": "urn:uuid:%s"}, "licenses": [
                  {"metadata": {"identifier": "internal-%s", "format": "application/epub+zip", "terms": {"concurrency": 1}},
                   "links": [{"rel": "self", "href": "%s", "type": "application/vnd.odl.info+json"}]}]}]}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), internal);
        String infoDetail = given().auth().oauth2(ADMIN).contentType("application/opds+json").body(feed)
                .queryParam("distributor", "internal-" + UUID.randomUUID()).queryParam("reconcile", true)
                .when().post("/v1/imports/odl").then().statusCode(200)
                .body("licences[0].reconciled", equalTo("failed"))
                .body("licences[0].reason", equalTo("host-not-allowed"))
                .extract().path("licences[0].detail");
        assertFalse(infoDetail.replace(hostAndPort, "").contains("401"), infoDetail);
    }

    @Test
    void anInfoDocumentAboutAnotherLicenceIsRefusedAndChangesNothing() throws IOException {
        String who = "mismatched-" + UUID.randomUUID();
        String info = distributor.baseUrl() + "/info/" + who;
        // the distributor answers licence 222's link with licence 123's document (status unavailable, no checkouts left)
        distributor.stubFor(get(urlEqualTo("/info/" + who + "/222")).willReturn(aResponse()
                .withHeader("Content-Type", "application/vnd.odl.info+json").withBody(fixture("license-info-ellibs-checked-out.json"))));
        String feed = fixture("ellibs_feed_single_publication.json")
                .replace("https://example.com/odl-test/status.php?license_id=222", info + "/222");
        upload(feed, who).statusCode(200).body("imported", equalTo(1));
        String licence222 = licenceId(who, "urn:license:222");
        given().auth().oauth2(ADMIN).header("Accept-Language", "en").when().post("/v1/licences/{id}/reconcile", licence222)
                .then().statusCode(502).contentType("application/problem+json")
                .body("code", equalTo("info-document-of-other-licence"))
                .body("detail", containsString("urn:license:123"));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/{id}", licence222).then().body("status", equalTo("available"));
        assertEquals(0, TestDb.events(EventTypes.LICENCE_UPDATED, licence222, BOOK_222));

        // imported with reconcile=true, a licence whose document is another's is neither imported nor updated
        String changed = feed.replace("\"concurrency\": \"1\"", "\"concurrency\": \"5\"");
        given().auth().oauth2(ADMIN).contentType("application/opds+json").body(changed)
                .queryParam("distributor", who).queryParam("reconcile", true)
                .when().post("/v1/imports/odl").then().statusCode(200)
                .body("updated", equalTo(0)).body("rejected", equalTo(1))
                .body("licences[0].result", equalTo("rejected"))
                .body("licences[0].reason", equalTo("info-document-of-other-licence"));
        given().auth().oauth2(ADMIN).when().get("/v1/licences/{id}", licence222).then()
                .body("concurrency", equalTo(1)).body("status", equalTo("available"));
        String other = "mismatched-new-" + UUID.randomUUID();
        given().auth().oauth2(ADMIN).contentType("application/opds+json").body(feed)
                .queryParam("distributor", other).queryParam("reconcile", true)
                .when().post("/v1/imports/odl").then().statusCode(200)
                .body("imported", equalTo(0)).body("licences[0].reason", equalTo("info-document-of-other-licence"));
        assertEquals(null, io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                fi.lainaamo.license.licences.Licence.byDistributorId(other, "urn:license:222")));
    }

    static ResponseDefinitionBuilder feed(String body) {
        return aResponse().withHeader("Content-Type", "application/opds+json").withBody(body);
    }

    /** One page with one publication and its licence, linking the next page when there is one. */
    static String page(String licence, String next) {
        return """
                {"links": [%s], "publications": [%s]}""".formatted(
                next == null ? "" : "{\"rel\": \"next\", \"href\": \"" + next + "\"}", publication(licence));
    }

    static String publication(String licence) {
        return """
                {"metadata": {"identifier": "urn:uuid:%s"}, "licenses": [
                  {"metadata": {"identifier": "%s", "format": "application/epub+zip", "terms": {"concurrency": 1}}}]}"""
                .formatted(UUID.nameUUIDFromBytes(licence.getBytes(StandardCharsets.UTF_8)), licence);
    }

    @Test
    void onlyConsortiumAdminsImport() {
        given().auth().oauth2(TestTokens.librarian(UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", "http://localhost/feed"))
                .when().post("/v1/imports/odl").then().statusCode(403);
    }

    static String licenceId(String who, String identifier) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                ((fi.lainaamo.license.licences.Licence) fi.lainaamo.license.licences.Licence.byDistributorId(who, identifier)).id.toString());
    }
}
