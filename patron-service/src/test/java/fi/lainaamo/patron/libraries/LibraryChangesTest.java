package fi.lainaamo.patron.libraries;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
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

import static fi.lainaamo.patron.Fixtures.adminToken;
import static fi.lainaamo.patron.Fixtures.cardNumber;
import static fi.lainaamo.patron.Fixtures.municipality;
import static fi.lainaamo.patron.Fixtures.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class LibraryChangesTest {

    static final ZoneId FINLAND = ZoneId.of("Europe/Helsinki");

    @Test
    void aLibraryThatLeavesNoLongerAdmitsResidents() {
        String code = municipality();
        String id = Fixtures.library(code);
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/v1/libraries/{id}/leave", id)
                .then().statusCode(200)
                .body("status", equalTo("left"))
                .body("leftOn", equalTo(LocalDate.now(FINLAND).toString()));
        register(cardNumber(), "1234", code, null).then().statusCode(422).body("code", equalTo("municipality-not-served"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/v1/libraries/{id}/leave", id).then().statusCode(409).body("code", equalTo("library-left"));

        ConsumerRecord<String, String> left = event(id, EventTypes.LIBRARY_LEFT);
        assertEquals(id, JsonPath.from(left.value()).getString("libraryId"));
        assertEquals(LocalDate.now(FINLAND).toString(), JsonPath.from(left.value()).getString("leftOn"));
    }

    @Test
    void aLibraryLeavingLaterServesUntilThen() {
        String code = municipality();
        String id = Fixtures.library(code);
        LocalDate nextMonth = LocalDate.now(FINLAND).plusMonths(1);
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON).body(Map.of("leftOn", nextMonth.toString()))
                .when().post("/v1/libraries/{id}/leave", id)
                .then().statusCode(200).body("status", equalTo("leaving"));
        register(cardNumber(), "1234", code, null).then().statusCode(201);
        given().auth().oauth2(Fixtures.patron().token()).contentType(ContentType.JSON).body(Map.of())
                .when().post("/v1/libraries/{id}/leave", id).then().statusCode(403);
    }

    @Test
    void aFutureJoinDateAdmitsResidentsOnlyFromThatDay() {
        String code = municipality();
        Fixtures.createLibrary(adminToken(), "Tuleva " + code, List.of(code), LocalDate.now(FINLAND).plusDays(1)).then().statusCode(201);
        register(cardNumber(), "1234", code, null).then().statusCode(422).body("code", equalTo("municipality-not-served"));
    }

    @Test
    void movingAMunicipalityMovesItsPatrons() {
        String moving = municipality();
        String staying = municipality();
        String from = Fixtures.library(moving, staying);
        TestPatron mover = Fixtures.patronOf(from, moving);
        TestPatron stayer = Fixtures.patronOf(from, staying);
        String own = municipality();
        String to = Fixtures.library(own);
        String admin = adminToken();

        // taken by another library: refused unless the move is asked for
        municipalities(admin, to, List.of(own, moving), false)
                .then().statusCode(409).body("code", equalTo("municipality-taken")).body("detail", org.hamcrest.Matchers.containsString(moving));
        municipalities(admin, to, List.of(own, moving), true)
                .then().statusCode(200).body("municipalities", equalTo(List.of(own, moving).stream().sorted().toList()));
        given().when().get("/v1/libraries/{id}", from).then().body("municipalities", equalTo(List.of(staying)));

        given().auth().oauth2(admin).when().get("/v1/patrons/{id}", mover.id()).then().body("libraryId", equalTo(to));
        given().auth().oauth2(admin).when().get("/v1/patrons/{id}", stayer.id()).then().body("libraryId", equalTo(from));
        // the mover's next token says the new library
        String token = Fixtures.signIn(mover.card(), mover.pin()).then().statusCode(200).extract().path("accessToken");
        assertEquals(to, Fixtures.claims(token).getString("libraryId"));

        ConsumerRecord<String, String> updated = event(mover.id(), EventTypes.PATRON_UPDATED);
        assertEquals(to, JsonPath.from(updated.value()).getString("libraryId"));
        ConsumerRecord<String, String> changed = event(from, EventTypes.LIBRARY_CHANGED);
        assertEquals(List.of(staying), JsonPath.from(changed.value()).getList("municipalities"));
        event(to, EventTypes.LIBRARY_CHANGED);

        // a municipality with patrons cannot just be dropped
        municipalities(admin, from, List.of(municipality()), false)
                .then().statusCode(409).body("code", equalTo("municipality-has-patrons"));
        municipalities(Fixtures.patron().token(), from, List.of(staying), false).then().statusCode(403);
    }

    static io.restassured.response.Response municipalities(String token, String libraryId, List<String> codes, boolean move) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("municipalities", codes, "moveFromOtherLibraries", move))
                .when().put("/v1/libraries/{id}/municipalities", libraryId);
    }

    static ConsumerRecord<String, String> event(String key, String type) {
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.PATRON,
                r -> key.equals(r.key()) && type.equals(TestKafka.header(r, "ce_type")), Duration.ofSeconds(30));
        ConsumerRecord<String, String> last = seen.get(seen.size() - 1);
        assertEquals(type, TestKafka.header(last, "ce_type"));
        return last;
    }
}
