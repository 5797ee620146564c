package fi.lainaamo.patron.patrons;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class ProfileTest {

    @Test
    void aPatronChangesTheirProfileAndOtherServicesHearOnlyWhatTheyNeed() {
        TestPatron patron = Fixtures.patron();
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me")
                .then().statusCode(200)
                .body("language", equalTo("fi"))
                .body("email", nullValue())
                .body("notifications.inApp", equalTo(true))
                .body("notifications.email", equalTo(false))
                .body("loanHistoryOptIn", equalTo(false));

        String email = "lukija-" + patron.id().substring(0, 8) + "@example.fi";
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON)
                .body(Map.of("language", "sv", "email", email, "notifications", Map.of("email", true, "inApp", false), "loanHistoryOptIn", true))
                .when().patch("/v1/patrons/me")
                .then().statusCode(200)
                .body("language", equalTo("sv"))
                .body("email", equalTo(email))
                .body("notifications.email", equalTo(true))
                .body("loanHistoryOptIn", equalTo(true));
        // omitted fields stay
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(Map.of("language", "en"))
                .when().patch("/v1/patrons/me")
                .then().statusCode(200).body("email", equalTo(email)).body("loanHistoryOptIn", equalTo(true));

        ConsumerRecord<String, String> updated = LibrarianTest.event(patron.id(), EventTypes.PATRON_UPDATED);
        JsonPath data = JsonPath.from(updated.value());
        assertEquals(patron.id(), data.getString("patronId"));
        assertEquals(patron.municipality(), data.getString("municipality"));
        assertEquals(patron.libraryId(), data.getString("libraryId"));
        assertEquals(true, data.getBoolean("loanHistoryOptIn"));
        assertEquals(5, data.getMap("$").size());
        assertFalse(updated.value().contains(email), "no e-mail in the event");
        assertFalse(updated.value().contains(patron.card()), "no card number in the event");
    }

    @Test
    void badChangesAreRefusedAndChangeNothing() {
        TestPatron patron = Fixtures.patron();
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(Map.of("language", "de", "email", "not-an-address"))
                .when().patch("/v1/patrons/me")
                .then().statusCode(400)
                .body("errors.field", hasItem("language"))
                .body("errors.field", hasItem("email"));
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(Map.of("notifications", Map.of("email", true, "inApp", true)))
                .when().patch("/v1/patrons/me")
                .then().statusCode(422).body("code", equalTo("email-required"));
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me")
                .then().body("language", equalTo("fi")).body("notifications.email", equalTo(false));
    }

    @Test
    void onlyThePatronChangesTheirProfile() {
        given().contentType(ContentType.JSON).body(Map.of("language", "sv")).when().patch("/v1/patrons/me").then().statusCode(401);
        given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON).body(Map.of("language", "sv"))
                .when().patch("/v1/patrons/me").then().statusCode(403);
    }
}
