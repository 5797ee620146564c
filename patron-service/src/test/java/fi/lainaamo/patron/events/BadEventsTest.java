package fi.lainaamo.patron.events;

import fi.lainaamo.devinfra.BadRecords;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.patron.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

/** patron-service reads loan-service's topic for erasure confirmations; a bad record there must not stop it. */
@QuarkusTest
class BadEventsTest {

    @Inject
    EntityManager em;

    @Test
    void badLoanRecordsAreSetAsideAndTheNextConfirmationIsStillTaken() {
        String key = UUID.randomUUID().toString();
        UUID confirmation = UUID.randomUUID();
        BadRecords.areSetAsideWhileTheConsumerGoesOn("patron-service", "loan-events", Topics.LOAN, key,
                EventTypes.ERASURE_CONFIRMED, () -> TestKafka.sendCloudEvent(Topics.LOAN, key, confirmation, EventTypes.ERASURE_CONFIRMED,
                        "urn:lainaamo:loan-service", "{\"erasureId\":\"" + UUID.randomUUID() + "\",\"patronId\":\"" + key
                                + "\",\"service\":\"loan-service\",\"at\":\"" + Instant.now() + "\"}"),
                () -> QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(
                        "select 1 from processed_event where event_id = ?1").setParameter(1, confirmation).getResultList().isEmpty()),
                Fixtures.adminToken());
    }
}
