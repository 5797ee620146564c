package fi.lainaamo.license.publications;

import fi.lainaamo.devinfra.BadRecords;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.license.TestCatalogue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** license-service learns which publications exist from lainaamo.catalog.v1, idempotently and without ever stopping. */
@QuarkusTest
class CatalogEventsTest {

    static final String CATALOGUE = "urn:lainaamo:catalog-service";

    @Test
    void badCatalogueRecordsAreSetAsideAndTheNextPublicationIsStillLearned() {
        UUID publication = UUID.randomUUID();
        BadRecords.areSetAsideWhileTheConsumerGoesOn("license-service", "catalog-events", Topics.CATALOG, publication.toString(),
                EventTypes.PUBLICATION_UPSERTED, () -> upserted(UUID.randomUUID(), publication),
                () -> TestCatalogue.known(publication));
    }

    @Test
    void aWithdrawnPublicationStaysKnownAndAnEditAfterwardsDoesNotUndoTheWithdrawal() {
        UUID publication = UUID.randomUUID();
        Instant withdrawnAt = Instant.parse("2026-11-01T10:00:00Z");
        TestKafka.sendCloudEvent(Topics.CATALOG, publication.toString(), UUID.randomUUID(), EventTypes.PUBLICATION_WITHDRAWN, CATALOGUE,
                "{\"publicationId\":\"" + publication + "\",\"reason\":\"rights ended\",\"withdrawnAt\":\"" + withdrawnAt + "\"}");
        UUID edit = UUID.randomUUID();
        upserted(edit, publication);
        upserted(edit, publication); // delivered twice: the processed-event log drops the repeat
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(edit));
        KnownPublication known = QuarkusTransaction.requiringNew().call(() -> KnownPublication.findById(publication));
        assertNotNull(known);
        assertEquals(withdrawnAt, known.withdrawnAt);
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> ((Number) KnownPublication.getEntityManager()
                .createNativeQuery("select count(*) from processed_event where event_id = ?1").setParameter(1, edit)
                .getSingleResult()).longValue()));
        // its licences are the catalogue's business to show or hide; a licence can still be recorded for it
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON)
                .body(Map.of("publicationId", publication, "concurrency", 1))
                .when().post("/v1/licences").then().statusCode(201);
    }

    private static void upserted(UUID eventId, UUID publication) {
        TestKafka.sendCloudEvent(Topics.CATALOG, publication.toString(), eventId, EventTypes.PUBLICATION_UPSERTED, CATALOGUE,
                "{\"publicationId\":\"" + publication + "\",\"title\":\"Tuntematon sotilas\",\"format\":\"EBOOK\",\"language\":\"fin\"}");
    }

    private static boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) KnownPublication.getEntityManager()
                .createNativeQuery("select count(*) from processed_event where event_id = ?1").setParameter(1, eventId)
                .getSingleResult()).longValue() > 0);
    }
}
