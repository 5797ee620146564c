package fi.lainaamo.license.outbox;

import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.Topics;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.outbox.OutboxRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transactional outbox, shared by every service, exercised against the real database and broker. */
@QuarkusTest
class OutboxTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager em;

    @Test
    void anEventOfARolledBackTransactionIsNeverPublished() {
        String marker = UUID.randomUUID().toString();
        QuarkusTransaction.begin();
        UUID eventId = outbox.record("fi.lainaamo.test.rolled-back.v1", marker, marker, Map.of("marker", marker));
        QuarkusTransaction.rollback();
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from outbox_event where event_id = ?1")
                .setParameter(1, eventId).getSingleResult()).longValue());
        assertEquals(0, rows);

        // a later committed event on the same key goes out; the rolled-back one is not before it
        UUID committed = QuarkusTransaction.requiringNew().call(() ->
                outbox.record("fi.lainaamo.test.committed.v1", marker, marker, Map.of("marker", marker)));
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.LICENCE,
                r -> committed.toString().equals(TestKafka.header(r, "ce_id")), Duration.ofSeconds(20));
        assertTrue(seen.stream().anyMatch(r -> committed.toString().equals(TestKafka.header(r, "ce_id"))));
        assertFalse(seen.stream().anyMatch(r -> eventId.toString().equals(TestKafka.header(r, "ce_id"))));
    }

    @Test
    void anEventCommittedWhileTheRelayIsStoppedIsPublishedWhenItStartsAgain() {
        relay.pause();
        UUID eventId;
        try {
            eventId = QuarkusTransaction.requiringNew().call(() ->
                    outbox.record("fi.lainaamo.test.while-stopped.v1", "subject-1", "key-1", Map.of("n", 1)));
            assertFalse(relay.isSent(eventId));
        } finally {
            relay.resume();
        }
        UUID expected = eventId;
        await().atMost(Duration.ofSeconds(20)).until(() -> relay.isSent(expected));
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.LICENCE,
                r -> expected.toString().equals(TestKafka.header(r, "ce_id")), Duration.ofSeconds(20));
        ConsumerRecord<String, String> record = seen.get(seen.size() - 1);
        assertEquals(expected.toString(), TestKafka.header(record, "ce_id"));
        assertEquals("fi.lainaamo.test.while-stopped.v1", TestKafka.header(record, "ce_type"));
        assertEquals("urn:lainaamo:license-service", TestKafka.header(record, "ce_source"));
        assertEquals("1.0", TestKafka.header(record, "ce_specversion"));
        assertEquals("subject-1", TestKafka.header(record, "ce_subject"));
        assertEquals("key-1", record.key());
        assertEquals("{\"n\":1}", record.value());
    }
}
