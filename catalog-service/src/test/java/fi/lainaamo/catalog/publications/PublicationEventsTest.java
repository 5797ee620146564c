package fi.lainaamo.catalog.publications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static fi.lainaamo.catalog.publications.PublicationResourceTest.ADMIN;
import static fi.lainaamo.catalog.publications.PublicationResourceTest.create;
import static fi.lainaamo.catalog.publications.PublicationResourceTest.details;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Other services learn of catalogue changes only from lainaamo.catalog.v1, so every committed change must be there. */
@QuarkusTest
class PublicationEventsTest {

    @Test
    void creatingAndReplacingAPublicationPublishesAnUpsertedCloudEventForEach() throws Exception {
        String id = create(details("Kevät ja takatalvi"));
        ConsumerRecord<String, String> created = upserted(id, "Kevät ja takatalvi");
        assertEquals(id, created.key());
        assertEquals(id, TestKafka.header(created, "ce_subject"));
        assertEquals("urn:lainaamo:catalog-service", TestKafka.header(created, "ce_source"));
        assertEquals("1.0", TestKafka.header(created, "ce_specversion"));
        JsonNode data = new ObjectMapper().readTree(created.value());
        assertEquals(id, data.get("publicationId").asText());
        assertEquals("EBOOK", data.get("format").asText());
        assertEquals("fin", data.get("language").asText());

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("title", "Vår och efterföljande köldknäpp", "format", "AUDIOBOOK", "language", "swe"))
                .when().put("/v1/publications/{id}", id)
                .then().statusCode(200);
        JsonNode replaced = new ObjectMapper().readTree(upserted(id, "Vår och efterföljande köldknäpp").value());
        assertEquals("AUDIOBOOK", replaced.get("format").asText());
        assertEquals("swe", replaced.get("language").asText());
    }

    /** Usage reports (report-service) group and export loans by the description the event carries. */
    @Test
    void theUpsertedEventCarriesTheDescriptionReportsGroupBy() throws Exception {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("title", "Tuntematon sotilas");
        body.put("format", "EBOOK");
        body.put("language", "fin");
        body.put("isbn", "9789519999999");
        body.put("contributors", List.of(Map.of("name", "Kääntäjä, Kalle", "role", "translator"), Map.of("name", "Väinö Linna", "role", "author")));
        body.put("subjects", List.of(Map.of("scheme", "thema", "code", "FBA", "name", "Nykyaikainen kaunokirjallisuus"),
                Map.of("scheme", "yso", "name", "sota")));
        body.put("audience", "ADULT");
        body.put("publisher", "WSOY");
        body.put("published", "1954-12-03");
        String id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body).when().post("/v1/publications")
                .then().statusCode(201).extract().path("id");
        JsonNode data = new ObjectMapper().readTree(upserted(id, "Tuntematon sotilas").value());
        assertEquals("[\"Väinö Linna\",\"Kääntäjä, Kalle\"]", data.get("contributors").toString(), "authors first");
        assertEquals("ADULT", data.get("audience").asText());
        assertEquals(true, data.get("fiction").asBoolean());
        assertEquals("[\"Nykyaikainen kaunokirjallisuus\",\"sota\"]", data.get("subjects").toString());
        assertEquals("WSOY", data.get("publisher").asText());
        assertEquals(1954, data.get("publishedYear").asInt());
        assertEquals("9789519999999", data.get("identifiers").get(0).asText());
        assertEquals(Boolean.FALSE, PublicationService.fiction(List.of(new Subject("thema", "WBA", null))));
        assertEquals(null, PublicationService.fiction(List.of(new Subject("yso", null, "sota"))));
        assertEquals(Boolean.TRUE, PublicationService.fiction(List.of(new Subject("thema", "YFB", null))));
    }

    private static ConsumerRecord<String, String> upserted(String id, String title) {
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.CATALOG,
                r -> isUpserted(r, id) && r.value().contains("\"title\":\"" + title + "\""), Duration.ofSeconds(20));
        ConsumerRecord<String, String> last = seen.isEmpty() ? null : seen.get(seen.size() - 1);
        if (last == null || !isUpserted(last, id) || !last.value().contains(title)) {
            throw new AssertionError("no " + EventTypes.PUBLICATION_UPSERTED + " for " + id + " titled " + title + " on " + Topics.CATALOG);
        }
        return last;
    }

    private static boolean isUpserted(ConsumerRecord<String, String> r, String id) {
        return EventTypes.PUBLICATION_UPSERTED.equals(TestKafka.header(r, "ce_type")) && id.equals(TestKafka.header(r, "ce_subject"));
    }
}
