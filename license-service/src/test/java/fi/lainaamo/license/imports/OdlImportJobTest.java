package fi.lainaamo.license.imports;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.license.DistributorPorts.Distributor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ODL import as a background job: started, followed while it runs, and its report when done. */
@QuarkusTest
class OdlImportJobTest {

    static final String ADMIN = TestTokens.consortiumAdmin();
    static WireMockServer distributor;

    @jakarta.inject.Inject
    OdlImportJobs jobs;

    @jakarta.inject.Inject
    jakarta.persistence.EntityManager em;

    @BeforeAll
    static void startDistributor() {
        distributor = new WireMockServer(options().port(Distributor.FEEDS.port()));
        distributor.start();
    }

    @AfterAll
    static void stopDistributor() {
        if (distributor != null) {
            distributor.stop();
        }
    }

    static String startUpload(String feed, String who) {
        return given().auth().oauth2(ADMIN).contentType("application/opds+json").body(feed).queryParam("distributor", who)
                .when().post("/v1/imports/odl/jobs").then().statusCode(202)
                .header("Location", containsString("/v1/imports/odl/jobs/"))
                .body("state", org.hamcrest.Matchers.oneOf("queued", "running", "done"))
                .extract().path("id");
    }

    static JsonPath job(String id) {
        return given().auth().oauth2(ADMIN).when().get("/v1/imports/odl/jobs/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitEnd(String id, List<JsonPath> seen) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            JsonPath j = job(id);
            seen.add(j);
            return j.getString("state").equals("done") || j.getString("state").equals("failed");
        });
        return seen.get(seen.size() - 1);
    }

    /** What a licence's result says, without what differs between two distributors (its licence id). */
    static List<String> results(List<Map<String, Object>> licences) {
        return licences.stream().map(l -> l.get("identifier") + " " + l.get("publicationId") + " " + l.get("result") + " "
                + l.get("reason") + " " + l.get("detail")).sorted().toList();
    }

    @Test
    void aJobEndsDoneWithTheReportTheSynchronousImportAnswers() throws IOException {
        String feed = ImportResourceTest.fixture("ellibs_feed_accessibility.json");
        String jobWho = "job-" + UUID.randomUUID();
        String syncWho = "sync-" + UUID.randomUUID();
        JsonPath sync = given().auth().oauth2(ADMIN).contentType("application/opds+json").body(feed).queryParam("distributor", syncWho)
                .when().post("/v1/imports/odl").then().statusCode(200).extract().jsonPath();

        JsonPath done = awaitEnd(startUpload(feed, jobWho), new ArrayList<>());
        assertEquals("done", done.getString("state"));
        assertEquals(jobWho, done.getString("report.distributor"));
        for (String count : List.of("pages", "publications", "imported", "updated", "unchanged", "rejected", "markedUnavailable")) {
            assertEquals(sync.getInt(count), done.getInt("report." + count), count);
        }
        assertEquals(sync.getBoolean("complete"), done.getBoolean("report.complete"));
        assertEquals(results(sync.getList("licences")), results(done.getList("report.licences")));
        assertEquals(3, done.getInt("imported"));
        assertEquals(3, done.getInt("total"));
        assertEquals(3, done.getInt("processed"));
        assertTrue(done.getString("finishedAt") != null);
        // the licences are there, as after the synchronous import
        given().auth().oauth2(ADMIN).when().get("/v1/licences/{id}", ImportResourceTest.licenceId(jobWho, "urn:license:222"))
                .then().statusCode(200).body("distributor", equalTo(jobWho));
    }

    @Test
    void progressIsVisibleWhileAFeedOfHundredsOfLicencesIsImported() {
        String run = UUID.randomUUID().toString();
        String who = "progress-" + run;
        // 300 licences, one publication each: every publication is its own transaction, the counters commit every 20
        String id = startUpload(page(run, 0, 300, null), who);
        List<JsonPath> seen = new ArrayList<>();
        JsonPath done = awaitEnd(id, seen);

        String states = seen.stream().map(j -> j.getString("state") + "/" + j.get("total") + "/" + j.getInt("processed"))
                .distinct().collect(Collectors.joining(", "));
        assertTrue(seen.stream().anyMatch(j -> j.getString("state").equals("running") && j.getInt("total") == 300
                && j.getInt("processed") > 0 && j.getInt("processed") < 300), "seen part done: " + states);
        List<Integer> processed = seen.stream().map(j -> j.getInt("processed")).toList();
        for (int i = 1; i < processed.size(); i++) {
            assertTrue(processed.get(i) >= processed.get(i - 1), "progress never goes back: " + processed);
        }
        assertEquals("done", done.getString("state"));
        assertEquals(1, done.getInt("pages"));
        assertEquals(300, done.getInt("total"));
        assertEquals(300, done.getInt("processed"));
        assertEquals(300, done.getInt("imported"));
        assertEquals(300, done.getList("report.licences").size());
        assertEquals(300, done.getInt("report.imported"));
    }

    @Test
    void aDistributorsFailureEndsTheJobFailedWithTheProblemsCode() {
        String run = UUID.randomUUID().toString();
        String id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body(Map.of("feedUrl", Distributor.CLOSED.baseUrl() + "/odl/" + run + "/feed.json", "distributor", "failing-" + run))
                .when().post("/v1/imports/odl/jobs").then().statusCode(202).extract().path("id");
        JsonPath failed = awaitEnd(id, new ArrayList<>());
        assertEquals("failed", failed.getString("state"));
        assertEquals("distributor-unreachable", failed.getString("errorCode"));
        assertTrue(failed.getString("errorDetail").contains("localhost"), failed.getString("errorDetail"));
        assertEquals(null, (Object) failed.get("report"));
    }

    @Test
    void whatCannotBeImportedIsRefusedAtOnceAndNoJobStarts() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("feedUrl", "http://not-allowed.example/feed.json"))
                .when().post("/v1/imports/odl/jobs").then().statusCode(400).body("code", equalTo("host-not-allowed"));
        given().auth().oauth2(ADMIN).contentType("application/opds+json").body("{\"not\": \"a feed\"}")
                .when().post("/v1/imports/odl/jobs").then().statusCode(400).body("code", equalTo("invalid-feed"));
    }

    @Test
    void anUnknownJobIsNotFound() {
        given().auth().oauth2(ADMIN).header("Accept-Language", "sv").when().get("/v1/imports/odl/jobs/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("odl-import-not-found")).body("detail", containsString("ODL-import"));
    }

    @Test
    void onlyConsortiumAdminsStartOrFollowJobs() throws IOException {
        String librarian = TestTokens.librarian(UUID.randomUUID());
        given().auth().oauth2(librarian).contentType(ContentType.JSON).body(Map.of("feedUrl", Distributor.FEEDS.baseUrl() + "/feed"))
                .when().post("/v1/imports/odl/jobs").then().statusCode(403);
        given().auth().oauth2(librarian).contentType("application/opds+json").body(ImportResourceTest.fixture("ellibs_feed_single_publication.json"))
                .queryParam("distributor", "x").when().post("/v1/imports/odl/jobs").then().statusCode(403);
        String id = startUpload(ImportResourceTest.fixture("ellibs_feed_single_publication.json"), "admin-" + UUID.randomUUID());
        given().auth().oauth2(librarian).when().get("/v1/imports/odl/jobs/{id}", id).then().statusCode(403);
    }

    /** A page listing licences {@code from} to {@code to} (exclusive), one publication each. */
    static String page(String run, int from, int to, String next) {
        String publications = IntStream.range(from, to).mapToObj(i -> ImportResourceTest.publication(run + "-" + i))
                .collect(Collectors.joining(","));
        return """
                {"links": [%s], "publications": [%s]}""".formatted(
                next == null ? "" : "{\"rel\": \"next\", \"href\": \"" + next + "\"}", publications);
    }

    @Test
    void aJobWhoseInstanceStoppedIsEndedAsInterruptedAndOneStillBeatingIsNot() {
        // as an instance that died left them: one running, one queued, hearts last beaten five minutes ago; and one whose
        // instance (another, alive) beat its heart a moment ago
        UUID running = UUID.randomUUID();
        UUID queued = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            for (Object[] job : List.of(new Object[] {running, "running", 300}, new Object[] {queued, "queued", 300}, new Object[] {alive, "running", 1})) {
                em.createNativeQuery("insert into odl_import_job (id, state, feed_url, reconcile, processed, created_at, heartbeat_at) "
                                + "values (?1, ?2, 'https://feeds.example/odl', false, 7, now() - interval '10 minutes', now() - make_interval(secs => ?3))")
                        .setParameter(1, job[0]).setParameter(2, job[1]).setParameter(3, job[2]).executeUpdate();
            }
        });

        assertTrue(jobs.endInterrupted(Duration.ofMinutes(2)) >= 2);

        for (UUID id : List.of(running, queued)) {
            given().auth().oauth2(ADMIN).header("Accept-Language", "fi").when().get("/v1/imports/odl/jobs/{id}", id).then().statusCode(200)
                    .body("state", equalTo("failed")).body("errorCode", equalTo("odl-import-interrupted"))
                    .body("errorDetail", containsString("Tuo syöte uudelleen")).body("processed", equalTo(7));
        }
        given().auth().oauth2(ADMIN).when().get("/v1/imports/odl/jobs/{id}", alive).then().statusCode(200).body("state", equalTo("running"));
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("delete from odl_import_job where id = ?1").setParameter(1, alive).executeUpdate());
    }
}
