package fi.lainaamo.report.acquisitions;

import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LicenceAdded;
import fi.lainaamo.events.LicenceConsumed;
import fi.lainaamo.events.LicenceUpdated;
import fi.lainaamo.events.Topics;
import fi.lainaamo.report.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Cost per loan, spend per month and titles never borrowed, computed from the licence and loan events sent here. */
@QuarkusTest
class AcquisitionsCostTest {

    static final String LICENSE = "urn:lainaamo:license-service";

    @Test
    void costPerLoanSpendPerMonthAndTitlesNeverBorrowed() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String ellibs = "ellibs-" + tag;
        String bookbites = "bookbites-" + tag;
        UUID borrowed = UUID.randomUUID();
        UUID unborrowed = UUID.randomUUID();
        UUID metered = UUID.randomUUID();
        UUID timeLimited = UUID.randomUUID();
        UUID neverLent = UUID.randomUUID();
        Events.publication(borrowed, "Lainattu " + tag, "EBOOK", "fi", "ADULT", true, "Otava", List.of());
        Events.publication(unborrowed, "Lainaamaton " + tag, "EBOOK", "fi", "ADULT", true, "Teos", List.of());
        // 20.00 for 10 checkouts, added 10 March; 30.00 for a year's access, added 2 April
        licence(metered, borrowed, 10, null, "20.00", "EUR", ellibs, helsinki(2026, 3, 10, 12, 0));
        licence(timeLimited, borrowed, null, Instant.now().plus(Duration.ofDays(365)), "30.00", "EUR", ellibs, helsinki(2026, 4, 2, 9, 0));
        // added half past midnight on 1 April in Finland: 31 March in UTC, April in the report
        licence(neverLent, unborrowed, null, null, "12.50", "EUR", bookbites, helsinki(2026, 4, 1, 0, 30));
        Instant march = helsinki(2026, 3, 20, 12, 0);
        for (int i = 0; i < 4; i++) {
            Events.send(Topics.LICENCE, borrowed, EventTypes.LICENCE_CONSUMED, LICENSE,
                    new LicenceConsumed(metered, borrowed, UUID.randomUUID(), "091", 9 - i, march));
        }
        for (int i = 0; i < 2; i++) {
            Events.send(Topics.LICENCE, borrowed, EventTypes.LICENCE_CONSUMED, LICENSE,
                    new LicenceConsumed(timeLimited, borrowed, UUID.randomUUID(), "091", null, helsinki(2026, 4, 5, 12, 0)));
        }
        // an update from an older producer (no price) does not erase the price
        Events.send(Topics.LICENCE, borrowed, EventTypes.LICENCE_UPDATED, LICENSE,
                new LicenceUpdated(metered, borrowed, "available", 1, 6, null));
        Events.loan(UUID.randomUUID(), borrowed, "091", UUID.randomUUID(), march);

        String admin = TestTokens.consortiumAdmin();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report(admin, "2026-03", "2026-04")
                .body(licence(metered) + ".loans", equalTo(4))
                .body(licence(timeLimited) + ".loans", equalTo(2))
                .body(licence(metered) + ".checkouts", equalTo(10))
                .body("neverBorrowed.titles.publicationId", hasItem(unborrowed.toString()))
                .body("neverBorrowed.titles.publicationId", not(hasItem(borrowed.toString())))
                .body(licence(metered) + ".title", equalTo("Lainattu " + tag)));
        report(admin, "2026-03", "2026-04")
                // per licence: the metered one 20.00 / 4 loans, and 2.00 once all 10 checkouts are used
                .body(licence(metered) + ".model", equalTo("checkouts"))
                .body(licence(metered) + ".price", equalTo(20.0f))
                .body(licence(metered) + ".currency", equalTo("EUR"))
                .body(licence(metered) + ".distributor", equalTo(ellibs))
                .body(licence(metered) + ".costPerLoan", equalTo(5.0f))
                .body(licence(metered) + ".pricePerCheckout", equalTo(2.0f))
                // the time-limited one: its whole price over the loans it lent, 30.00 / 2
                .body(licence(timeLimited) + ".model", equalTo("time-limited"))
                .body(licence(timeLimited) + ".costPerLoan", equalTo(15.0f))
                .body(licence(timeLimited) + ".pricePerCheckout", nullValue())
                .body(licence(neverLent) + ".model", equalTo("perpetual"))
                .body(licence(neverLent) + ".loans", equalTo(0))
                .body(licence(neverLent) + ".costPerLoan", nullValue())
                .body(licence(neverLent) + ".currency", equalTo("EUR"))
                // per distributor: 50.00 / 6 loans
                .body(distributor(ellibs) + ".licences", equalTo(2))
                .body(distributor(ellibs) + ".spend", equalTo(50.0f))
                .body(distributor(ellibs) + ".loans", equalTo(6))
                .body(distributor(ellibs) + ".costPerLoan", equalTo(8.33f))
                .body(distributor(bookbites) + ".spend", equalTo(12.5f))
                .body(distributor(bookbites) + ".costPerLoan", nullValue())
                // consumption per distributor in the period
                .body("consumptionByDistributor.find { it.distributor == '" + ellibs + "' }.consumed", equalTo(6))
                .body("consumptionByDistributor.find { it.distributor == '" + ellibs + "' }.licences", equalTo(2))
                .body("consumption.find { it.licenceId == '" + metered + "' }.distributor", equalTo(ellibs))
                // spend per Finnish month, by distributor
                .body(spend("2026-03", ellibs) + ".spend", equalTo(20.0f))
                .body(spend("2026-04", ellibs) + ".spend", equalTo(30.0f))
                .body(spend("2026-04", bookbites) + ".spend", equalTo(12.5f))
                .body(spend("2026-04", bookbites) + ".licences", equalTo(1))
                .body(spend("2026-03", bookbites), nullValue());
        // only March: the April licences are not spent in it, and consumption counts March's four loans
        report(admin, "2026-03", "2026-03")
                .body(spend("2026-04", ellibs), nullValue())
                .body(spend("2026-03", ellibs) + ".spend", equalTo(20.0f))
                .body("consumptionByDistributor.find { it.distributor == '" + ellibs + "' }.consumed", equalTo(4));
        // the never-borrowed list pages: past its count there is nothing
        int count = report(admin, "2026-03", "2026-04").extract().path("neverBorrowed.count");
        given().auth().oauth2(admin).queryParam("from", "2026-03").queryParam("to", "2026-04").queryParam("offset", count)
                .get("/v1/reports/acquisitions").then().statusCode(200).body("neverBorrowed.titles", empty())
                .body("neverBorrowed.count", equalTo(count));
    }

    @Test
    void badFiltersAreProblemsWithStableCodes() {
        String admin = TestTokens.consortiumAdmin();
        bad(admin, "2026-13", "2026-13", "fi").body("code", equalTo("invalid-period")).body("title", equalTo("Virheellinen aikaväli"));
        bad(admin, "2026-05", "2026-04", "sv").body("code", equalTo("invalid-period")).body("title", equalTo("Ogiltig period"));
        bad(admin, "2022-01", "2026-03", "en").body("code", equalTo("period-too-long"));
        given().auth().oauth2(admin).queryParam("from", "2026-01").queryParam("to", "2026-02").queryParam("offset", -1)
                .get("/v1/reports/acquisitions").then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-request"));
        given().auth().oauth2(admin).queryParam("from", "2026-01").queryParam("to", "2026-02").queryParam("limit", 0)
                .get("/v1/reports/acquisitions").then().statusCode(400).body("code", equalTo("invalid-request"));
        given().auth().oauth2(TestTokens.partnerApp("app-x", "reports:publisher", "Otava"))
                .queryParam("from", "2026-01").queryParam("to", "2026-02").get("/v1/reports/acquisitions").then().statusCode(403);
    }

    static ValidatableResponse bad(String admin, String from, String to, String language) {
        return given().auth().oauth2(admin).header("Accept-Language", language).queryParam("from", from).queryParam("to", to)
                .get("/v1/reports/acquisitions").then().statusCode(400).contentType("application/problem+json");
    }

    static void licence(UUID licence, UUID title, Integer checkouts, Instant expires, String price, String currency, String distributor,
                        Instant added) {
        Events.send(Topics.LICENCE, title, EventTypes.LICENCE_ADDED, LICENSE,
                new LicenceAdded(licence, title, 1, checkouts, expires, 21, new BigDecimal(price), currency, distributor, added));
    }

    static Instant helsinki(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(LocalDate.of(year, month, day), LocalTime.of(hour, minute)).atZone(fi.lainaamo.report.ReportDays.FINLAND).toInstant();
    }

    static String licence(UUID id) {
        return "costPerLoan.find { it.licenceId == '" + id + "' }";
    }

    static String distributor(String name) {
        return "costPerLoanByDistributor.find { it.distributor == '" + name + "' }";
    }

    static String spend(String month, String distributor) {
        return "spendPerMonth.find { it.month == '" + month + "' && it.distributor == '" + distributor + "' }";
    }

    static ValidatableResponse report(String admin, String from, String to) {
        return given().auth().oauth2(admin).queryParam("from", from).queryParam("to", to).queryParam("limit", 1000)
                .get("/v1/reports/acquisitions").then().statusCode(200);
    }
}
