package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static fi.lainaamo.systemtest.SystemStack.url;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GDPR erasure across the four services: afterwards no database row holds the patron's card, e-mail or id. */
class ErasureTest {

    @BeforeAll
    static void start() throws Exception {
        SystemStack.get();
    }

    @Test
    void anErasedPatronLeavesNoTraceInAnyDatabase() throws Exception {
        String card = SystemStack.card("GDPR");
        String email = "erase.me." + card.toLowerCase() + "@example.fi";
        String token = SystemStack.patron(card, "091");
        String patronId = given().auth().oauth2(token).get(url(Service.PATRON, "/v1/patrons/me")).then().statusCode(200).extract().path("id");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("email", email, "loanHistoryOptIn", true))
                .patch(url(Service.PATRON, "/v1/patrons/me")).then().statusCode(200);

        String borrowed = SystemStack.title("Rautatie", 1);
        String lentOut = SystemStack.title("Juha", 1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get(url(Service.CATALOG, "/v1/publications/" + lentOut))
                .then().body("availability.copiesAvailable", org.hamcrest.Matchers.equalTo(1)));
        String other = SystemStack.patron(SystemStack.card("OTHR"), "049");
        given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("publicationId", lentOut))
                .post(url(Service.LOAN, "/v1/loans")).then().statusCode(201);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("publicationId", lentOut)).post(url(Service.LOAN, "/v1/loans/dry-run"))
                .then().statusCode(200).body("borrowable", org.hamcrest.Matchers.equalTo(false)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("publicationId", borrowed)).post(url(Service.LOAN, "/v1/loans")).then().statusCode(201));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("publicationId", lentOut))
                .post(url(Service.LOAN, "/v1/holds")).then().statusCode(201);

        given().auth().oauth2(token).delete(url(Service.PATRON, "/v1/patrons/me")).then().statusCode(202);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(SystemStack.admin()).get(url(Service.PATRON, "/v1/admin/erasures?pending=true"))
                        .then().statusCode(200).body("waitingFor.flatten()", not(hasItem("loan-service"))));
        LocalStack stack = SystemStack.get();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> traces = new ArrayList<>();
            for (Service service : Service.values()) {
                traces.addAll(rowsMentioning(stack.jdbcUrl(service), List.of(patronId, card, email)));
            }
            assertEquals(List.of(), traces);
        });
        given().contentType(ContentType.JSON).body(Map.of("cardNumber", card, "pin", "4321"))
                .post(url(Service.PATRON, "/v1/sign-in")).then().statusCode(401);
    }

    /** Every table of a service's database, searched row by row as text for any of the needles. */
    private static List<String> rowsMentioning(String jdbcUrl, List<String> needles) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                for (String needle : needles) {
                    try (PreparedStatement s = c.prepareStatement("select count(*) from \"" + table + "\" t where lower(t::text) like ?")) {
                        s.setString(1, "%" + needle.toLowerCase() + "%");
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                found.add(jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1) + "." + table + " mentions " + needle);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
