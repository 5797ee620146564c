package fi.lainaamo.platform.outbox;

import fi.lainaamo.devinfra.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Outbox#together}: the events a piece of work records are held back and written when it ends, in the order
 * recorded, each under the id {@code record} answered; nested, the outermost writes; work that throws rolls back with
 * its events.
 */
@QuarkusTest
class OutboxTogetherTest {

    private static final String TYPE = "fi.lainaamo.test.together.v1";

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Inject
    OutboxSequenceTest.Recordings recordings;

    @Test
    void eventsAreWrittenWhenTheWorkEndsInTheOrderRecorded() {
        String subject = UUID.randomUUID().toString();
        List<UUID> ids = new ArrayList<>();
        long[] rowsDuringWork = new long[2];
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.together(() -> {
                ids.add(outbox.record(TYPE, subject, subject, Map.of("n", 1)));
                outbox.together(() -> ids.add(outbox.record(TYPE, subject, subject, Map.of("n", 2))));
                rowsDuringWork[0] = rows(subject); // the inner one wrote nothing: the outer one holds both
                ids.add(outbox.record(TYPE, subject, subject, Map.of("n", 3)));
                return null;
            });
            rowsDuringWork[1] = rows(subject);
            ids.add(outbox.record(TYPE, subject, subject, Map.of("n", 4))); // after the work: written at once
        });

        assertEquals(0, rowsDuringWork[0], "nothing written while the work runs");
        assertEquals(3, rowsDuringWork[1], "the held events written when it ended");
        List<Long> sequences = ids.stream().map(id -> recordings.of(id).sequence()).toList();
        for (int i = 1; i < sequences.size(); i++) {
            assertTrue(sequences.get(i) > sequences.get(i - 1), "written in the order recorded: " + sequences);
        }
        assertEquals(Map.of("n", 2), recordings.of(ids.get(1)).data());
        for (int i = 0; i < ids.size(); i++) {
            ConsumerRecord<String, String> published = published(ids.get(i));
            assertEquals(sequences.get(i), Long.parseLong(TestKafka.header(published, OutboxRelay.SEQUENCE_HEADER)));
            assertTrue(published.value().contains("\"n\":" + (i + 1)), published.value());
        }
    }

    @Test
    void workThatThrowsRollsBackWithItsEventsAndTheNextTransactionWritesAtOnce() {
        String subject = UUID.randomUUID().toString();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> outbox.together(() -> {
            outbox.record(TYPE, subject, subject, Map.of("n", 1));
            throw new IllegalStateException("the work failed");
        })));
        long[] rowsAfterRecord = new long[1];
        UUID next = QuarkusTransaction.requiringNew().call(() -> {
            UUID id = outbox.record(TYPE, subject, subject, Map.of("n", 2));
            rowsAfterRecord[0] = rows(subject);
            return id;
        });

        assertEquals(1, rowsAfterRecord[0], "written at once, and only that one");
        // the same key, so the same partition: anything published before it would have been read first
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(OutboxTraceTest.TOPIC,
                r -> next.toString().equals(TestKafka.header(r, "ce_id")), Duration.ofSeconds(30));
        List<ConsumerRecord<String, String>> ofSubject = seen.stream().filter(r -> subject.equals(r.key())).toList();
        assertEquals(1, ofSubject.size(), "the failed work's event was never published: " + ofSubject);
        assertEquals(next.toString(), TestKafka.header(ofSubject.get(0), "ce_id"));
    }

    private long rows(String subject) {
        return ((Number) em.createNativeQuery("select count(*) from outbox_event where subject = ?1")
                .setParameter(1, subject).getSingleResult()).longValue();
    }

    private static ConsumerRecord<String, String> published(UUID eventId) {
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(OutboxTraceTest.TOPIC,
                r -> eventId.toString().equals(TestKafka.header(r, "ce_id")), Duration.ofSeconds(30));
        return seen.stream().filter(r -> eventId.toString().equals(TestKafka.header(r, "ce_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("event " + eventId + " was not published"));
    }
}
