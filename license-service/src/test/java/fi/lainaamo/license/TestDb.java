package fi.lainaamo.license;

import fi.lainaamo.license.seats.Seat;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.Topics;
import fi.lainaamo.platform.outbox.Outbox;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads what tests must see: events as published on the broker, and ledger lines in the database. */
public final class TestDb {

    private TestDb() {
    }

    /**
     * Events of a type for a subject that were published on the licence topic, counted once everything recorded before
     * now under the same key has gone out: a marker event on that key is recorded and read back (one key keeps order).
     * Published outbox rows are purged by the platform, so the broker is the place to count.
     */
    public static long events(String type, Object subject, Object key) {
        UUID marker = QuarkusTransaction.requiringNew().call(() -> Arc.container().instance(Outbox.class).get()
                .record("fi.lainaamo.test.marker.v1", "marker", key.toString(), Map.of("marker", true)));
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(Topics.LICENCE,
                r -> marker.toString().equals(TestKafka.header(r, "ce_id")), Duration.ofSeconds(30));
        if (seen.stream().noneMatch(r -> marker.toString().equals(TestKafka.header(r, "ce_id")))) {
            throw new AssertionError("the marker event was not published in time");
        }
        return seen.stream().filter(r -> type.equals(TestKafka.header(r, "ce_type"))
                && subject.toString().equals(TestKafka.header(r, "ce_subject"))).count();
    }

    /** Ledger lines of a kind (CONSUMED, HELD, LENT, RELEASED) for a publication. */
    public static long ledger(String kind, Object publicationId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Seat.getEntityManager()
                .createNativeQuery("select count(*) from consumption where kind = ?1 and publication_id = ?2")
                .setParameter(1, kind).setParameter(2, UUID.fromString(publicationId.toString())).getSingleResult()).longValue());
    }
}
