package fi.lainaamo.platform.events;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A handler with lanes (issue 14): a poll is split by record key, each key's records applied in their order, the
 * lanes side by side on their own threads and transactions; a lane whose batch fails is taken again one record at a
 * time without losing or repeating anything, and the poll returns only when every lane is applied.
 */
@QuarkusTest
class EventIntakeLanesTest {

    private static final String TYPE = "fi.lainaamo.test.happened.v1";

    @Inject
    EventIntake intake;

    @Inject
    EntityManager em;

    @BeforeEach
    void table() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("create table if not exists lane_applied (id bigserial primary key, run uuid not null, "
                    + "subject text not null, seq int not null, thread text not null)").executeUpdate();
        });
    }

    @Test
    void eachKeysRecordsAreAppliedInOrderWhileTheKeysRunSideBySide() {
        UUID run = UUID.randomUUID();
        intake.acceptAll(new Recording(run, 3, null), poll(interleaved("a", "b", "c", 5)));

        Map<String, List<Integer>> applied = appliedBySubject(run);
        for (String key : List.of("a", "b", "c")) {
            assertEquals(List.of(0, 1, 2, 3, 4), applied.get(key), "key " + key + " in its poll order, each once");
        }
        // "a", "b" and "c" fall in three different lanes of three: the first on the consumer's thread, two beside it
        assertEquals(3, threads(run), "three lanes, three threads");
    }

    @Test
    void aLaneWhoseBatchFailsIsTakenAgainRecordByRecordAndNothingIsLostOrRepeated() {
        UUID run = UUID.randomUUID();
        Recording handler = new Recording(run, 3, "b");
        intake.acceptAll(handler, poll(interleaved("a", "b", "c", 4)));

        assertTrue(handler.failed.get(), "the lane of b failed once");
        Map<String, List<Integer>> applied = appliedBySubject(run);
        for (String key : List.of("a", "b", "c")) {
            assertEquals(List.of(0, 1, 2, 3), applied.get(key), "key " + key + " in its poll order, each once");
        }
    }

    @Test
    void oneLaneKeepsThePollInOneTransactionOnTheConsumersThread() {
        UUID run = UUID.randomUUID();
        intake.acceptAll(new Recording(run, 1, null), poll(interleaved("a", "b", "c", 2)));

        assertEquals(6, appliedBySubject(run).values().stream().mapToInt(List::size).sum());
        assertEquals(1, threads(run));
    }

    /** Writes each event it applies in the batch's transaction, so a rolled-back batch leaves no trace. */
    private final class Recording implements EventHandler {
        final UUID run;
        final int lanes;
        final String failOnceOn;
        final AtomicBoolean failed = new AtomicBoolean();

        Recording(UUID run, int lanes, String failOnceOn) {
            this.run = run;
            this.lanes = lanes;
            this.failOnceOn = failOnceOn;
        }

        @Override
        public String channel() {
            return "lanes-test";
        }

        @Override
        public boolean handles(String type) {
            return TYPE.equals(type);
        }

        @Override
        public int lanes() {
            return lanes;
        }

        @Override
        public void apply(ReceivedEvent event) {
            int seq = Integer.parseInt(event.data());
            em.createNativeQuery("insert into lane_applied (run, subject, seq, thread) values (?1, ?2, ?3, ?4)")
                    .setParameter(1, run).setParameter(2, event.subject()).setParameter(3, seq)
                    .setParameter(4, Thread.currentThread().getName()).executeUpdate();
            if (event.subject().equals(failOnceOn) && seq == 2 && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("the lane's batch fails once");
            }
        }
    }

    private Map<String, List<Integer>> appliedBySubject(UUID run) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select subject, seq from lane_applied where run = ?1 order by id").setParameter(1, run).getResultList());
        Map<String, List<Integer>> bySubject = new LinkedHashMap<>();
        for (Object[] row : rows) {
            bySubject.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add(((Number) row[1]).intValue());
        }
        return bySubject;
    }

    private long threads(UUID run) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(distinct thread) from lane_applied where run = ?1").setParameter(1, run).getSingleResult()).longValue());
    }

    private static List<ConsumerRecord<String, String>> interleaved(String k1, String k2, String k3, int each) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long offset = 0;
        for (int seq = 0; seq < each; seq++) {
            for (String key : List.of(k1, k2, k3)) {
                ConsumerRecord<String, String> record = new ConsumerRecord<>("lainaamo.platform-test.v1", 0, offset++, key,
                        Integer.toString(seq));
                record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_source", "/lanes-test".getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_type", TYPE.getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_subject", key.getBytes(StandardCharsets.UTF_8));
                records.add(record);
            }
        }
        return records;
    }

    private static ConsumerRecords<String, String> poll(List<ConsumerRecord<String, String>> records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition("lainaamo.platform-test.v1", 0), records), Map.of());
    }
}
