package fi.lainaamo.report.borrowers;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.report.Events;
import fi.lainaamo.report.rebuild.ProjectionGate;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Distinct borrowers are counted without patron ids, and a period that is over keeps only its count. */
@QuarkusTest
class BorrowerMarksTest {

    static final String TOWN = "931";

    @Inject
    BorrowerMarks marks;

    @Inject
    DataSource database;

    @Test
    void aClosedMonthKeepsItsCountAndLosesItsMarks() throws Exception {
        UUID library = UUID.randomUUID();
        Events.libraryJoined(library, TOWN);
        LocalDate january = LocalDate.of(2026, 1, 12);
        UUID twice = UUID.randomUUID();
        Events.loan(twice, UUID.randomUUID(), TOWN, library, Events.at(january, 10));
        Events.loan(twice, UUID.randomUUID(), TOWN, library, Events.at(january.plusDays(1), 10));
        Events.loan(UUID.randomUUID(), UUID.randomUUID(), TOWN, library, Events.at(january, 11));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report().body("months[0].loans", equalTo(3))
                .body("months[0].distinctBorrowers", equalTo(2)));
        assertEquals(2, marks("M"));
        assertEquals(3, marks("D"), "two borrowers on the 12th, one on the 13th");

        // while a rebuild (here another session) holds the gate, the sweep is skipped: it changes nothing
        try (Connection rebuilding = database.getConnection(); Statement lock = rebuilding.createStatement()) {
            lock.execute("select pg_advisory_lock(" + ProjectionGate.KEY + ")");
            try {
                marks.countClosedPeriods();
                assertEquals(2, marks("M"));
                assertEquals(3, marks("D"));
            } finally {
                lock.execute("select pg_advisory_unlock(" + ProjectionGate.KEY + ")");
            }
        }

        marks.countClosedPeriods();

        assertEquals(0, marks("M"));
        assertEquals(0, marks("D"));
        report().body("months[0].distinctBorrowers", equalTo(2)).body("months[0].loans", equalTo(3));
    }

    @Test
    void aMarkLeadsToNoPatronAndDiffersFromPeriodToPeriod() {
        UUID patron = UUID.randomUUID();
        byte[] january = marks.mark("M", LocalDate.of(2026, 1, 1), patron);
        assertEquals(16, january.length);
        assertNotEquals(java.util.HexFormat.of().formatHex(january), java.util.HexFormat.of().formatHex(
                marks.mark("M", LocalDate.of(2026, 2, 1), patron)));
        assertEquals(java.util.HexFormat.of().formatHex(january), java.util.HexFormat.of().formatHex(
                marks.mark("M", LocalDate.of(2026, 1, 1), patron)), "the same period and patron: the same mark (rebuilds count the same)");
    }

    private long marks(String grain) throws Exception {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from borrower_mark where grain = ? and municipality = ?")) {
            s.setString(1, grain);
            s.setString(2, TOWN);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static io.restassured.response.ValidatableResponse report() {
        return given().auth().oauth2(TestTokens.consortiumAdmin()).queryParam("from", "2026-01").queryParam("to", "2026-01")
                .when().get("/v1/reports/municipalities/{code}", TOWN).then().statusCode(200);
    }
}
