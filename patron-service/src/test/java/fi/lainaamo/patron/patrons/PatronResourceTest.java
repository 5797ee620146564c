package fi.lainaamo.patron.patrons;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.patron.Fixtures.adminToken;
import static fi.lainaamo.patron.Fixtures.cardNumber;
import static fi.lainaamo.patron.Fixtures.createLibrary;
import static fi.lainaamo.patron.Fixtures.library;
import static fi.lainaamo.patron.Fixtures.municipality;
import static fi.lainaamo.patron.Fixtures.register;
import static fi.lainaamo.patron.Fixtures.signIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class PatronResourceTest {

    @Test
    void aResidentOfAServedMunicipalityRegistersSignsInAndSeesTheirProfile() {
        String municipality = municipality();
        String libraryId = library(municipality);
        String card = cardNumber();

        String id = register(card, "123456", municipality, "sv")
                .then().statusCode(201)
                .body("municipality", equalTo(municipality))
                .body("libraryId", equalTo(libraryId))
                .body("language", equalTo("sv"))
                .body("$", not(hasKey("pin")))
                .extract().path("id");
        UUID.fromString(id);

        String token = signIn(card, "123456")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(300))
                .extract().path("accessToken");

        // the service accepts its own token, verified through its own JWKS
        given().auth().oauth2(token).when().get("/v1/patrons/me")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("municipality", equalTo(municipality))
                .body("libraryId", equalTo(libraryId))
                .body("language", equalTo("sv"))
                .body("maskedCardNumber", endsWith(card.substring(card.length() - 4)))
                .body("maskedCardNumber", not(containsString(card)))
                .body("$", not(hasKey("pin")));
    }

    @Test
    void theLanguageIsFinnishUnlessChosen() {
        String municipality = municipality();
        library(municipality);
        register(cardNumber(), "1234", municipality, null).then().statusCode(201).body("language", equalTo("fi"));
    }

    @Test
    void aResidentOfAMunicipalityNoLibraryServesIsToldWhyAndNothingIsStored() {
        String unserved = municipality();
        String card = cardNumber();
        register(card, "1234", unserved, null)
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("municipality-not-served"))
                .body("detail", containsString(unserved))
                .body("errors[0].field", equalTo("municipality"));
        given().contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body(Map.of("cardNumber", card, "pin", "1234", "municipality", unserved))
                .when().post("/v1/patrons")
                .then().statusCode(422)
                .body("title", equalTo("Kuntaa ei palvella"))
                .body("detail", containsString("kuntaa " + unserved));
        assertFalse(stored(card));
        signIn(card, "1234").then().statusCode(401);
    }

    @Test
    void residentsCanRegisterFromTheDayTheirLibraryJoinsAndNotBefore() {
        String later = municipality();
        createLibrary(adminToken(), "Myöhemmin liittyvä", List.of(later), LocalDate.now(ZoneId.of("Europe/Helsinki")).plusDays(7))
                .then().statusCode(201);
        register(cardNumber(), "1234", later, null).then().statusCode(422).body("code", equalTo("municipality-not-served"));

        String joiningNow = municipality();
        String card = cardNumber();
        register(card, "1234", joiningNow, null).then().statusCode(422);
        String libraryId = library(joiningNow);
        register(card, "1234", joiningNow, null).then().statusCode(201).body("libraryId", equalTo(libraryId));
    }

    @Test
    void aCardIsRegisteredOnce() {
        String municipality = municipality();
        library(municipality);
        String card = cardNumber();
        register(card, "1234", municipality, null).then().statusCode(201);
        register(card, "9876", municipality, null)
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("card-taken"));
        register(card.toLowerCase(), "9876", municipality, null).then().statusCode(409).body("code", equalTo("card-taken"));
        // the first PIN still works; the refused one does not
        signIn(card, "1234").then().statusCode(200);
        signIn(card, "9876").then().statusCode(401);
    }

    @Test
    void invalidRegistrationListsEveryBadFieldAndStoresNothing() {
        String municipality = municipality();
        library(municipality);
        given().contentType(ContentType.JSON)
                .body(Map.of("cardNumber", "ab-1", "pin", "12x", "municipality", "91", "language", "de"))
                .when().post("/v1/patrons")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("errors", hasSize(4))
                .body("errors.field", hasItem("cardNumber"))
                .body("errors.field", hasItem("pin"))
                .body("errors.field", hasItem("municipality"))
                .body("errors.field", hasItem("language"))
                .body(not(containsString("12x")));

        String card = cardNumber();
        given().contentType(ContentType.JSON)
                .body(Map.of("cardNumber", card, "pin", "123456789", "municipality", municipality))
                .when().post("/v1/patrons")
                .then().statusCode(400)
                .body("errors.field", equalTo(List.of("pin")));
        assertFalse(stored(card));
    }

    @Test
    void theProfileNeedsAPatronToken() {
        given().when().get("/v1/patrons/me")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        String admin = adminToken();
        given().auth().oauth2(admin).when().get("/v1/patrons/me").then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void aRegistrationIsPublishedAsAPseudonymousCloudEvent() {
        String municipality = municipality();
        String libraryId = library(municipality);
        String card = cardNumber();
        String pin = "80731";
        String id = register(card, pin, municipality, "en").then().statusCode(201).extract().path("id");

        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.PATRON, r -> id.equals(r.key()), Duration.ofSeconds(30));
        ConsumerRecord<String, String> event = seen.get(seen.size() - 1);
        assertEquals(id, event.key());
        assertEquals(EventTypes.PATRON_REGISTERED, TestKafka.header(event, "ce_type"));
        assertEquals("urn:lainaamo:patron-service", TestKafka.header(event, "ce_source"));
        assertEquals("1.0", TestKafka.header(event, "ce_specversion"));
        assertEquals(id, TestKafka.header(event, "ce_subject"));
        UUID.fromString(TestKafka.header(event, "ce_id"));

        JsonPath data = JsonPath.from(event.value());
        assertEquals(id, data.getString("patronId"));
        assertEquals(municipality, data.getString("municipality"));
        assertEquals(libraryId, data.getString("libraryId"));
        assertEquals("en", data.getString("language"));
        assertEquals(4, data.getMap("$").size(), "patronId, municipality, libraryId and language only");
        assertFalse(event.value().contains(card), "no card number in the event");
        assertFalse(event.value().contains(pin), "no PIN in the event");
        event.headers().forEach(h -> assertFalse(new String(h.value()).contains(card)));
    }

    @Test
    void thePinIsStoredOnlyAsABcryptHash() {
        String municipality = municipality();
        library(municipality);
        String card = cardNumber();
        register(card, "246810", municipality, null).then().statusCode(201);
        String hash = QuarkusTransaction.requiringNew().call(() -> Patron.withCard(card).orElseThrow().pinHash);
        assertTrue(hash.startsWith("$2b$"));
        assertFalse(hash.contains("246810"));
    }

    static boolean stored(String card) {
        return QuarkusTransaction.requiringNew().call(() -> Patron.withCard(card).isPresent());
    }
}
