package fi.lainaamo.report.rebuild;

import fi.lainaamo.devinfra.TestTokens;
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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Another instance's rebuild, stood in for by a second PostgreSQL session holding the gate's lock as the rebuilding
 * instance does: this instance's live consumers wait, a second rebuild is refused, and a rebuild whose instance died
 * is reported failed.
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
