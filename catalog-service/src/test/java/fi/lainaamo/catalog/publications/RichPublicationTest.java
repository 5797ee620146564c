package fi.lainaamo.catalog.publications;

import fi.lainaamo.catalog.TestData;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationIds;
import fi.lainaamo.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The full bibliographic record, the id derived from the ISBN, and withdrawal. */
@QuarkusTest
class RichPublicationTest {

    static final String ADMIN = TestTokens.consortiumAdmin();

    static Map<String, Object> rich(String isbn) {
        Map<String, Object> d = new HashMap<>();
        d.put("title", "Täällä Pohjantähden alla");
        d.put("subtitle", "Ensimmäinen osa");
        d.put("sortTitle", "Taalla Pohjantahden alla 1");
        d.put("format", "AUDIOBOOK");
        d.put("language", "fin");
        d.put("languages", List.of("swe"));
        d.put("isbn", isbn);
        d.put("identifiers", List.of(Map.of("scheme", "urn", "value", "urn:uuid:7d1f3b2a")));
        d.put("contributors", List.of(Map.of("name", "Väinö Linna", "sortName", "Linna, Väinö", "role", "author"),
                Map.of("name", "Lukija Lahtinen", "role", "narrator")));
        d.put("subjects", List.of(Map.of("scheme", "thema", "code", "FBA", "name", "Nykyaikainen kaunokirjallisuus"),
                Map.of("scheme", "yso", "code", "p1234", "name", "sisällissota")));
        d.put("audience", "ADULT");
        d.put("series", Map.of("name", "Pohjantähti-trilogia", "position", 1));
        d.put("publisher", "WSOY");
        d.put("imprint", "WSOY äänikirjat");
        d.put("published", "1959-10-01");
        d.put("description", "Pentinkulman kylän elämää.");
        d.put("coverUrl", "https://covers.example/pohjantahti.jpg");
        d.put("contentUrl", "https://content.example/pohjantahti.mp3");
        d.put("durationSeconds", 72000);
        d.put("accessibility", Map.of("summary", "Kuunneltava", "accessModes", List.of("auditory"), "features", List.of("tableOfContents"),
                "hazards", List.of("none"), "conformsTo", List.of("https://www.w3.org/TR/epub-a11y-11#wcag-2.1-aa")));
        return d;
    }

    @Test
    void everyFieldOfTheRecordIsStoredAndTheIdComesFromTheIsbn() {
        String isbn = TestData.newIsbn();
        String id = TestData.catalogue(rich(isbn));
        org.junit.jupiter.api.Assertions.assertEquals(PublicationIds.fromIdentifier(isbn).toString(), id);

        given().get("/v1/publications/{id}", id).then().statusCode(200)
                .body("sortTitle", equalTo("taalla pohjantahden alla 1"))
                .body("languages", equalTo(List.of("swe")))
                .body("identifiers[0].value", equalTo("urn:uuid:7d1f3b2a"))
                .body("authors", equalTo(List.of("Väinö Linna")))
                .body("contributors", hasSize(2))
                .body("contributors[1].role", equalTo("narrator"))
                .body("subjects[1].scheme", equalTo("yso"))
                .body("audience", equalTo("ADULT"))
                .body("series.name", equalTo("Pohjantähti-trilogia"))
                .body("series.position", equalTo(1))
                .body("imprint", equalTo("WSOY äänikirjat"))
                .body("coverUrl", equalTo("https://covers.example/pohjantahti.jpg"))
                .body("contentUrl", equalTo("https://content.example/pohjantahti.mp3"))
                .body("durationSeconds", equalTo(72000))
                .body("accessibility.features", equalTo(List.of("tableOfContents")))
                .body("status", equalTo("ACTIVE"))
                .body("availability.copiesAvailable", equalTo(0))
                .body("availability.holdsWaiting", equalTo(0));
    }

    @Test
    void badNestedFieldsAreReportedTogether() {
        Map<String, Object> d = rich(TestData.newIsbn());
        d.put("contributors", List.of(Map.of("name", "", "role", "singer")));
        d.put("audience", "ELDERLY");
        d.put("coverUrl", "ftp://x");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(d).post("/v1/publications")
                .then().statusCode(400).body("code", equalTo("invalid-request")).body("errors", hasSize(4));
    }

    @Test
    void aWithdrawnTitleKeepsItsPageTellsLoanServiceAndWithdrawingAgainChangesNothing() {
        String id = TestData.catalogue(rich(TestData.newIsbn()));
        String patron = TestTokens.patron(java.util.UUID.randomUUID(), "091", java.util.UUID.randomUUID());
        given().auth().oauth2(patron).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/v1/publications/{id}/withdraw", id).then().statusCode(403);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("Accept-Language", "fi").body(Map.of("reason", " "))
                .post("/v1/publications/{id}/withdraw", id).then().statusCode(400).body("errors[0].field", equalTo("reason"));

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "publisher-request"))
                .post("/v1/publications/{id}/withdraw", id).then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("withdrawnReason", equalTo("publisher-request"))
                .body("withdrawnAt", notNullValue());
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post("/v1/publications/{id}/withdraw", id).then().statusCode(200).body("withdrawnReason", equalTo("publisher-request"));

        var seen = TestKafka.readUntil(Topics.CATALOG, r -> EventTypes.PUBLICATION_WITHDRAWN.equals(TestKafka.header(r, "ce_type"))
                && id.equals(TestKafka.header(r, "ce_subject")), Duration.ofSeconds(20));
        assertFalse(seen.isEmpty());
        org.junit.jupiter.api.Assertions.assertTrue(seen.get(seen.size() - 1).value().contains("publisher-request"));

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/v1/publications/{id}/withdraw", java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void anAdminReinstatesAWithdrawnTitleSoSearchAndFeedsShowItAndLoanServiceHearsOfIt() {
        String word = TestData.newWord();
        Map<String, Object> d = rich(TestData.newIsbn());
        d.put("description", "Palautettava " + word);
        String id = TestData.catalogue(d);
        String patron = TestTokens.patron(java.util.UUID.randomUUID(), "091", java.util.UUID.randomUUID());

        // only a withdrawn title can be reinstated
        given().auth().oauth2(ADMIN).header("Accept-Language", "sv").post("/v1/publications/{id}/reinstate", id).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("publication-not-withdrawn"))
                .body("title", equalTo("Publikationen är inte tillbakadragen"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "licence-ended"))
                .post("/v1/publications/{id}/withdraw", id).then().statusCode(200);
        given().get("/v1/search?q=" + word).then().statusCode(200).body("items", hasSize(0));
        given().get("/opds/publications/{id}", id).then().statusCode(404);

        given().post("/v1/publications/{id}/reinstate", id).then().statusCode(401);
        given().auth().oauth2(patron).post("/v1/publications/{id}/reinstate", id).then().statusCode(403);
        given().auth().oauth2(ADMIN).header("Accept-Language", "fi").post("/v1/publications/{id}/reinstate", java.util.UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("publication-not-found"));

        given().auth().oauth2(ADMIN).post("/v1/publications/{id}/reinstate", id).then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("withdrawnReason", org.hamcrest.Matchers.nullValue())
                .body("withdrawnAt", org.hamcrest.Matchers.nullValue());
        given().get("/v1/search?q=" + word).then().statusCode(200).body("items.id", equalTo(List.of(id)));
        given().get("/opds/publications/{id}", id).then().statusCode(200);
        given().auth().oauth2(ADMIN).post("/v1/publications/{id}/reinstate", id).then().statusCode(409);

        var seen = TestKafka.readUntil(Topics.CATALOG, r -> EventTypes.PUBLICATION_REINSTATED.equals(TestKafka.header(r, "ce_type"))
                && id.equals(TestKafka.header(r, "ce_subject")), Duration.ofSeconds(20));
        var reinstated = seen.get(seen.size() - 1);
        org.junit.jupiter.api.Assertions.assertEquals(EventTypes.PUBLICATION_REINSTATED, TestKafka.header(reinstated, "ce_type"));
        // the event is the contract's: the id and the time
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), fi.lainaamo.events.EventContracts.violations(EventTypes.PUBLICATION_REINSTATED,
                readTree(reinstated.value())));
        org.junit.jupiter.api.Assertions.assertEquals(id, readTree(reinstated.value()).path("publicationId").asText());
    }

    @Test
    void aLanguageCodeThatIsNoLanguageIsRefusedWithTheOtherBadFields() {
        Map<String, Object> d = rich(TestData.newIsbn());
        d.put("language", "foo");
        d.put("languages", List.of("swe", "xyz"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(d).post("/v1/publications")
                .then().statusCode(400).body("code", equalTo("invalid-request"))
                .body("errors", hasSize(2)).body("errors.field", org.hamcrest.Matchers.hasItem("language"));
        d.put("language", "und");
        d.put("languages", List.of("smn"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(d).post("/v1/publications").then().statusCode(201);
    }

    @Test
    void accessibilityOutsideTheSchemaOrgVocabularyIsRefusedSoOpdsNeverPublishesIt() {
        // the API fuzzer's find: such values were stored and then broke the OPDS feeds' schema
        Map<String, Object> d = rich(TestData.newIsbn());
        d.put("accessibility", Map.of("accessModesSufficient", List.of("textual", "telepathic"), "hazards", List.of("none", "sharpCorners")));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(d).post("/v1/publications")
                .then().statusCode(400).body("code", equalTo("invalid-request")).body("errors", hasSize(2))
                .body("errors.field", org.hamcrest.Matchers.hasItem("accessibility.hazards[1]"));
        d.put("accessibility", Map.of("accessModesSufficient", List.of("textual"), "hazards", List.of("noFlashingHazard")));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(d).post("/v1/publications").then().statusCode(201);
    }

    static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
