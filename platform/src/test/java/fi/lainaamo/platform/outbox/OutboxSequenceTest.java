package fi.lainaamo.platform.outbox;

import fi.lainaamo.devinfra.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every outbox row is announced inside its transaction with its sequence, and the relay sends that sequence as the
 * {@code lainaamo-sequence} header: what a consumer sees on Kafka matches what the writer kept beside the event.
 */
@QuarkusTest
class OutboxSequenceTest {

    @Inject
    Outbox outbox;

    @Inject
    Recordings recordings;

    /** Keeps what the outbox announced, as a service's observer would. */
    @ApplicationScoped
    static class Recordings {
        final List<OutboxRecorded> seen = new CopyOnWriteArrayList<>();

        void onRecorded(@Observes OutboxRecorded recorded) {
            seen.add(recorded);
        }

        List<OutboxRecorded> seen() {
            return List.copyOf(seen);
        }

        OutboxRecorded of(UUID eventId) {
            return seen.stream().filter(r -> r.eventId().equals(eventId)).findFirst()
                    .orElseThrow(() -> new AssertionError("not announced: " + eventId));
        }
    }

    @Test
    void eachEventCarriesItsOutboxSequenceAsAHeader() {
        String subject = UUID.randomUUID().toString();
        UUID[] ids = QuarkusTransaction.requiringNew().call(() -> new UUID[] {
                outbox.record("fi.lainaamo.test.sequenced.v1", subject, subject, Map.of("n", 1)),
                outbox.record("fi.lainaamo.test.sequenced.v1", subject, subject, Map.of("n", 2))});
        QuarkusTransaction.requiringNew().run(() -> outbox.recordAll("fi.lainaamo.test.sequenced.v1",
                List.of(Map.of("s", subject + "-a"), Map.of("s", subject + "-b")), m -> m.get("s")));

        OutboxRecorded first = recordings.of(ids[0]);
        OutboxRecorded second = recordings.of(ids[1]);
        assertTrue(second.sequence() > first.sequence(), "sequences grow: " + first + " " + second);
        assertEquals(Map.of("n", 1), first.data(), "the payload as given, not its JSON");
        assertEquals(first.sequence(), sequenceOnKafka(ids[0]));
        assertEquals(second.sequence(), sequenceOnKafka(ids[1]));

        List<OutboxRecorded> batch = recordings.seen().stream()
                .filter(r -> r.subject().startsWith(subject + "-")).toList();
        assertEquals(2, batch.size(), "a batch announces every row");
        assertTrue(batch.get(1).sequence() > batch.get(0).sequence() && batch.get(0).sequence() > second.sequence(), batch.toString());
        for (OutboxRecorded row : batch) {
            assertEquals(row.sequence(), sequenceOnKafka(row.eventId()), "the batch row's own sequence");
        }
    }

    private static long sequenceOnKafka(UUID eventId) {
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(OutboxTraceTest.TOPIC,
                r -> eventId.toString().equals(TestKafka.header(r, "ce_id")), Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = seen.stream().filter(r -> eventId.toString().equals(TestKafka.header(r, "ce_id")))
                .findFirst().orElseThrow(() -> new AssertionError("event " + eventId + " was not published"));
        return Long.parseLong(TestKafka.header(record, OutboxRelay.SEQUENCE_HEADER));
    }
}
