package fi.lainaamo.report.rebuild;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.Topics;
import fi.lainaamo.report.Events;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Another instance's rebuild, stood in for by a second PostgreSQL session holding the gate's lock as the rebuilding
 * instance does: this instance's live consumers wait, a second rebuild is refused, a dead letter is not redriven into
 * the tables meanwhile, and a rebuild whose instance died is reported failed.
 */
@QuarkusTest
class RebuildAcrossInstancesTest {

    static final UUID LIBRARY = UUID.randomUUID();
    static final String TOWN = "922";

    @Test
    void whileAnotherInstanceRebuildsLiveEventsWaitAndASecondRebuildIsRefused() throws SQLException {
        String admin = TestTokens.consortiumAdmin();
        Events.libraryJoined(LIBRARY, TOWN);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> loansInAugust(admin, 0));
        try (Connection otherInstance = session()) {
            try (Statement s = otherInstance.createStatement()) {
                s.execute("select pg_advisory_lock(" + ProjectionGate.KEY + ")");
            }
            given().auth().oauth2(admin).when().post("/v1/reports/rebuild").then().statusCode(409)
                    .body("code", equalTo("rebuild-running"));
            Events.loan(UUID.randomUUID(), UUID.randomUUID(), TOWN, LIBRARY, Events.at(LocalDate.of(2026, 8, 3), 12));
            // held back at the gate for as long as the other instance rebuilds
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> loansInAugust(admin, 0));
        }
        // the other instance's session ended (done, or died): the batch that waited is applied, once
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> loansInAugust(admin, 1));
    }

    @Test
    void aDeadLetterIsNotRedrivenWhileAnotherInstanceRebuilds() throws SQLException {
        String admin = TestTokens.consortiumAdmin();
        String key = UUID.randomUUID().toString();
        // a record of a version this build does not know: set aside, as it would be again by any rebuild
        TestKafka.sendCloudEvent(Topics.LOAN, key, UUID.randomUUID(), "fi.lainaamo.loan.started.v99", "urn:lainaamo:test", "{}");
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterOf(admin, key) != null);
        Number id = (Number) deadLetterOf(admin, key).get("id");
        try (Connection otherInstance = session()) {
            try (Statement s = otherInstance.createStatement()) {
                s.execute("select pg_advisory_lock(" + ProjectionGate.KEY + ")");
            }
            given().auth().oauth2(admin).header("Accept-Language", "fi").when().post("/v1/admin/dead-letters/{id}/redrive", id)
                    .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("consumer-paused"))
                    .body("detail", containsString("loan-events"));
            given().auth().oauth2(admin).when().get("/v1/admin/dead-letters/{id}", id).then().statusCode(200)
                    .body("status", equalTo("open"));
        }
        // the rebuild is over: the redrive is taken, and answered on the record's own merits
        given().auth().oauth2(admin).when().post("/v1/admin/dead-letters/{id}/redrive", id).then().statusCode(422)
                .body("code", equalTo("dead-letter-still-unprocessable"));
    }

    private static Map<String, Object> deadLetterOf(String admin, String key) {
        List<Map<String, Object>> items = given().auth().oauth2(admin).queryParam("consumer", "loan-events").queryParam("limit", 200)
                .get("/v1/admin/dead-letters").then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(item -> key.equals(item.get("key"))).findFirst().orElse(null);
    }

    @Test
    void aRebuildRecordedAsRunningWhoseInstanceStoppedIsReportedFailed() throws SQLException {
        try (Connection c = session(); Statement s = c.createStatement()) {
            s.execute("insert into rebuild_status (id, state, started_at, records_done, records_total) values (1, 'running', now(), 5, 10) "
                    + "on conflict (id) do update set state = 'running', finished_at = null, failure = null");
            given().auth().oauth2(TestTokens.consortiumAdmin()).when().get("/v1/reports/rebuild").then().statusCode(200)
                    .body("state", equalTo("failed")).body("recordsDone", equalTo(5))
                    .body("failure", containsString("stopped"));
            s.execute("delete from rebuild_status");
        }
    }

    private static void loansInAugust(String admin, int loans) {
        given().auth().oauth2(admin).queryParam("from", "2026-08").queryParam("to", "2026-08")
                .when().get("/v1/reports/municipalities/{code}", TOWN).then().statusCode(200).body("months[0].loans", equalTo(loans));
    }

    private static Connection session() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
    }
}
