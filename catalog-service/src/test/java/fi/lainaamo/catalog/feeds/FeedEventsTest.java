package fi.lainaamo.catalog.feeds;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.FeedPublicationReceived;
import fi.lainaamo.events.PublicationIds;
import fi.lainaamo.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** license-service fetches an ODL feed once and passes each publication's metadata on; the catalogue imports it. */
@QuarkusTest
class FeedEventsTest {

    @Test
    void aFeedPublicationIsCataloguedUnderTheIdEveryServiceDerivesAndBadAccessibilityValuesAreDropped() throws Exception {
        Map<String, Object> metadata = new HashMap<>(FeedMetadataTest.firstMetadata("bad_accessibility_data.json"));
        // a fresh ISBN so that reruns against the same database start clean
        String isbn = fi.lainaamo.catalog.TestData.newIsbn();
        metadata.put("identifier", "urn:ISBN:" + isbn);
        UUID id = PublicationIds.fromIdentifier(isbn);
        send(new FeedPublicationReceived(id, "urn:isbn:" + isbn, "https://distributor.example/feed", metadata));

        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/v1/publications/{id}", id).statusCode() == 200);
        given().get("/v1/publications/{id}", id).then()
                .body("title", equalTo("Don't Let the Forest In"))
                .body("isbn", equalTo(isbn))
                .body("language", equalTo("eng"))
                .body("contributors[0].name", equalTo("Cg Drews"))
                .body("accessibility.features", not(hasItem("thisIsAnInvalidFeature")));

        // the same publication again from the next fetch, with a changed title, updates it in place
        metadata.put("title", "Don't Let the Forest In (2nd)");
        send(new FeedPublicationReceived(id, "urn:isbn:" + isbn, "https://distributor.example/feed", metadata));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Don't Let the Forest In (2nd)".equals(given().get("/v1/publications/{id}", id).path("title")));
    }

    @Test
    void aFeedPublicationWithoutATitleIsSkippedAndDoesNotBlockTheNext() throws Exception {
        UUID bad = UUID.randomUUID();
        send(new FeedPublicationReceived(bad, "urn:uuid:" + bad, "https://distributor.example/feed", Map.of("identifier", "urn:uuid:" + bad)));
        UUID good = UUID.randomUUID();
        send(new FeedPublicationReceived(good, "urn:uuid:" + good, "https://distributor.example/feed",
                Map.of("title", "Syötteen kirja", "language", "fi", "@type", "http://schema.org/Audiobook", "duration", "120")));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/v1/publications/{id}", good).statusCode() == 200);
        given().get("/v1/publications/{id}", good).then().body("format", equalTo("AUDIOBOOK")).body("durationSeconds", equalTo(120))
                .body("identifiers[0].value", equalTo("urn:uuid:" + good));
        given().get("/v1/publications/{id}", bad).then().statusCode(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRealAudiobookFromAFeedIsCataloguedAsAnAudiobookWithItsDurationAndAudience() throws Exception {
        Map<String, Object> publication = FeedMetadataTest.publications("ellibs_feed_accessibility.json").get(2);
        Map<String, Object> metadata = new HashMap<>((Map<String, Object>) publication.get("metadata"));
        String isbn = fi.lainaamo.catalog.TestData.newIsbn();
        metadata.put("identifier", "urn:isbn:" + isbn);
        UUID id = PublicationIds.fromIdentifier(isbn);
        send(new FeedPublicationReceived(id, "urn:isbn:" + isbn, "https://distributor.example/feed", metadata,
                FeedMetadataTest.formats(publication)));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/v1/publications/{id}", id).statusCode() == 200);
        given().get("/v1/publications/{id}", id).then()
                .body("format", equalTo("AUDIOBOOK")).body("durationSeconds", equalTo(635)).body("audience", equalTo("CHILDREN"))
                .body("contributors[0].roles", equalTo(List.of("author", "narrator")));
        given().get("/opds/publications/{id}", id).then().statusCode(200)
                .body("metadata.'@type'", equalTo("http://schema.org/Audiobook")).body("metadata.duration", equalTo(635));
    }

    static void send(FeedPublicationReceived event) throws Exception {
        TestKafka.sendCloudEvent(Topics.LICENCE, event.publicationId().toString(), UUID.randomUUID(), EventTypes.FEED_PUBLICATION_RECEIVED,
                "urn:lainaamo:license-service", new ObjectMapper().writeValueAsString(event));
    }

}
