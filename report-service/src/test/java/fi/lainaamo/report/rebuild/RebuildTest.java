package fi.lainaamo.report.rebuild;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.report.Events;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A rebuild from offset 0 arrives at exactly the numbers the live consumers had. */
@QuarkusTest
class RebuildTest {

    static final UUID LIBRARY = UUID.randomUUID();
    static final String TOWN = "921";

    @Test
    void theReportsAfterARebuildEqualTheReportsBefore() {
        String admin = TestTokens.consortiumAdmin();
        Events.libraryJoined(LIBRARY, TOWN);
        UUID title = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Events.publication(title, "Kalevala", "EBOOK", "fi", "ADULT", true, "SKS", List.of("runot"));
        Events.publication(other, "Moomin", "AUDIOBOOK", "sv", "CHILDREN", true, "Schildts", List.of("sadut"));
        LocalDate june = LocalDate.of(2026, 6, 1);
        UUID reader = UUID.randomUUID();
        for (int day = 0; day < 20; day++) {
            Events.loan(day % 3 == 0 ? reader : UUID.randomUUID(), day % 2 == 0 ? title : other, TOWN, LIBRARY, Events.at(june.plusDays(day), 12));
        }
        UUID hold = UUID.randomUUID();
        Events.holdPlaced(hold, title, TOWN, Events.at(june, 9));
        Events.holdReady(hold, title, Events.at(june.plusDays(4), 9));
        Events.holdPlaced(UUID.randomUUID(), other, TOWN, Events.at(june, 9));
        // every topic consumed (the catalogue's apart from the loans'): counts, the hold, and both titles' descriptions
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report(admin).body("months[0].loans", equalTo(20))
                .body("holdsWaiting", equalTo(1)).body("months[0].byPublisher.value", org.hamcrest.Matchers.containsInAnyOrder("SKS", "Schildts")));
        String before = report(admin).extract().asString();
        String exportBefore = export(admin);

        given().auth().oauth2(admin).when().post("/v1/reports/rebuild").then().statusCode(202).body("state", equalTo("running"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(admin).when().get("/v1/reports/rebuild")
                .then().statusCode(200).body("state", equalTo("done")));
        given().auth().oauth2(admin).when().get("/v1/reports/rebuild").then()
                .body("recordsDone", equalTo(given().auth().oauth2(admin).when().get("/v1/reports/rebuild").then().extract().path("recordsTotal")));

        assertEquals(before, report(admin).extract().asString());
        assertEquals(exportBefore, export(admin));

        // live consumption goes on after the rebuild, and a record read twice still counts once
        Events.loan(UUID.randomUUID(), title, TOWN, LIBRARY, Events.at(june.plusDays(25), 12));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report(admin).body("months[0].loans", equalTo(21)));
        given().auth().oauth2(TestTokens.librarian(LIBRARY)).queryParam("from", "2026-06").queryParam("to", "2026-06")
                .when().get("/v1/reports/municipalities/{code}", TOWN).then().statusCode(200);
    }

    @Test
    void onlyAnAdminRebuilds() {
        given().auth().oauth2(TestTokens.librarian(LIBRARY)).when().post("/v1/reports/rebuild").then().statusCode(403);
    }

    static io.restassured.response.ValidatableResponse report(String admin) {
        return given().auth().oauth2(admin).queryParam("from", "2026-06").queryParam("to", "2026-07")
                .when().get("/v1/reports/municipalities/{code}", TOWN).then().statusCode(200);
    }

    static String export(String admin) {
        return given().auth().oauth2(admin).when().get("/v1/reports/loans/export?from=2026-01&to=2026-12").then().statusCode(200)
                .extract().asString();
    }
}
