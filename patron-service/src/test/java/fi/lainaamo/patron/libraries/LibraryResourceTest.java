package fi.lainaamo.patron.libraries;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.patron.Fixtures;
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
import static fi.lainaamo.patron.Fixtures.createLibrary;
import static fi.lainaamo.patron.Fixtures.municipality;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class LibraryResourceTest {

    @Test
    void adminAddsALibraryAndAnyoneCanSeeItWithItsMunicipalities() {
        String first = municipality();
        String second = municipality();
        String id = createLibrary(adminToken(), "Helmet " + second, List.of(second, first), null)
                .then().statusCode(201)
                .header("Location", containsString("/v1/libraries/"))
                .body("names.fi", equalTo("Helmet " + second))
                .body("names.sv", equalTo("Helmet " + second + " (sv)"))
                .body("municipalities", equalTo(List.of(first, second)))
                .body("joinDate", equalTo(LocalDate.now(ZoneId.of("Europe/Helsinki")).toString()))
                .body("status", equalTo("active"))
                .extract().path("id");

        given().when().get("/v1/libraries/{id}", id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("municipalities", equalTo(List.of(first, second)));
        given().when().get("/v1/libraries")
                .then().statusCode(200)
                .body("id", hasItem(id))
                .body("find { it.id == '" + id + "' }.municipalities", equalTo(List.of(first, second)));
    }

    @Test
    void theListIsOrderedByName() {
        String token = adminToken();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String later = createLibrary(token, "Kirjasto B " + suffix, List.of(municipality()), null).then().statusCode(201).extract().path("id");
        String earlier = createLibrary(token, "Kirjasto A " + suffix, List.of(municipality()), null).then().statusCode(201).extract().path("id");

        List<String> ids = given().when().get("/v1/libraries").then().statusCode(200).extract().path("id");
        assertTrue(ids.indexOf(earlier) < ids.indexOf(later), "A before B, whatever the order of creation");
        assertEquals(ids, given().when().get("/v1/libraries").then().extract().path("id"), "the same order every time");
    }

    @Test
    void aLibraryWithAFutureJoinDateIsJoiningUntilThen() {
        LocalDate nextMonth = LocalDate.now(ZoneId.of("Europe/Helsinki")).plusMonths(1);
        createLibrary(adminToken(), "Tuleva kirjasto", List.of(municipality()), nextMonth)
                .then().statusCode(201)
                .body("joinDate", equalTo(nextMonth.toString()))
                .body("status", equalTo("joining"));
    }

    @Test
    void aMunicipalityBelongsToOneLibraryOnly() {
        String shared = municipality();
        String free = municipality();
        String token = adminToken();
        createLibrary(token, "Ensimmäinen", List.of(shared), null).then().statusCode(201);

        createLibrary(token, "Toinen", List.of(free, shared), null)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("municipality-taken"))
                .body("detail", containsString(shared))
                .body("detail", not(containsString(free)))
                .body("errors[0].field", equalTo("municipalities"));

        // the refused library took nothing: its other municipality is still free
        createLibrary(token, "Kolmas", List.of(free), null).then().statusCode(201);
    }

    @Test
    void invalidLibrariesAreRefusedWithEveryReason() {
        int before = given().when().get("/v1/libraries").then().extract().path("size()");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("names", Map.of("sv", "Bara svenska"), "municipalities", List.of("91", "092", "092")))
                .when().post("/v1/libraries")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("errors", hasSize(2))
                .body("errors.field", hasItem("names.fi"))
                .body("errors.field", hasItem("municipalities"));
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("names", Map.of("fi", "Tyhjä"), "municipalities", List.of()))
                .when().post("/v1/libraries")
                .then().statusCode(400)
                .body("errors.field", equalTo(List.of("municipalities")));
        given().when().get("/v1/libraries").then().body("size()", equalTo(before));
    }

    @Test
    void onlyConsortiumAdminsAddLibraries() {
        Map<String, Object> library = Map.of("names", Map.of("fi", "Luvaton"), "municipalities", List.of(municipality()));
        given().contentType(ContentType.JSON).body(library)
                .when().post("/v1/libraries")
                .then().statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        given().auth().oauth2(Fixtures.patronToken()).contentType(ContentType.JSON).body(library)
                .when().post("/v1/libraries")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        // well-formed admin token, but signed with a key this service never published
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON).body(library)
                .when().post("/v1/libraries")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anUnknownLibraryIsNotFoundInTheCallersLanguage() {
        UUID unknown = UUID.randomUUID();
        given().header("Accept-Language", "fi").when().get("/v1/libraries/{id}", unknown)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .header("Content-Language", "fi")
                .body("code", equalTo("library-not-found"))
                .body("title", equalTo("Kirjastoa ei löydy"))
                .body("detail", containsString(unknown.toString()));
        given().header("Accept-Language", "sv-FI, sv;q=0.9").when().get("/v1/libraries/{id}", unknown)
                .then().statusCode(404).body("title", equalTo("Biblioteket hittades inte"));
        given().when().get("/v1/libraries/{id}", unknown)
                .then().statusCode(404).body("title", equalTo("Library not found"));
    }

    @Test
    void aJoiningLibraryIsPublishedAsACloudEvent() {
        String code = municipality();
        String id = Fixtures.library(code);

        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.PATRON, r -> id.equals(r.key()), Duration.ofSeconds(30));
        ConsumerRecord<String, String> event = seen.get(seen.size() - 1);
        assertEquals(id, event.key());
        assertEquals(EventTypes.LIBRARY_JOINED, TestKafka.header(event, "ce_type"));
        assertEquals("urn:lainaamo:patron-service", TestKafka.header(event, "ce_source"));
        assertEquals(id, TestKafka.header(event, "ce_subject"));
        JsonPath data = JsonPath.from(event.value());
        assertEquals(id, data.getString("libraryId"));
        assertEquals(List.of(code), data.getList("municipalities"));
        assertEquals(LocalDate.now(ZoneId.of("Europe/Helsinki")).toString(), data.getString("joinDate"));
    }
}
