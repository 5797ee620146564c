package fi.lainaamo.license;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.license.publications.KnownPublication;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * The catalogue as license-service's tests play it: a publication is announced the way catalog-service does it (a
 * publication.upserted CloudEvent on the real lainaamo.catalog.v1 topic), and the test goes on once license-service's
 * consumer has learned it. A licence is added by hand only for a publication announced this way.
 */
public final class TestCatalogue {

    private TestCatalogue() {
    }

    /** A new publication the catalogue has announced. */
    public static UUID publication() {
        return announce(UUID.randomUUID());
    }

    /** Announces the publication and returns it once license-service knows it. */
    public static UUID announce(UUID publicationId) {
        announceAll(List.of(publicationId));
        return publicationId;
    }

    /** Announces them all, then waits for all of them. */
    public static void announceAll(List<UUID> publicationIds) {
        for (UUID id : publicationIds) {
            TestKafka.sendCloudEvent(Topics.CATALOG, id.toString(), UUID.randomUUID(), EventTypes.PUBLICATION_UPSERTED,
                    "urn:lainaamo:catalog-service",
                    "{\"publicationId\":\"" + id + "\",\"title\":\"Testinimeke\",\"format\":\"EBOOK\",\"language\":\"fin\"}");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> publicationIds.stream().allMatch(TestCatalogue::known));
    }

    /** Whether license-service knows the publication now. */
    public static boolean known(UUID publicationId) {
        return QuarkusTransaction.requiringNew().call(() -> KnownPublication.findById(publicationId) != null);
    }
}
