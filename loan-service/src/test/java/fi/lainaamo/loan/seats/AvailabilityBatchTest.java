package fi.lainaamo.loan.seats;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.events.AvailabilityChanged;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.platform.events.EventIntake;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fi.lainaamo.loan.Lending.placeHold;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A poll's availability changes are written in one statement (issue 14: the consumer fell minutes behind applying them
 * one by one): the outcome must be what applying them one by one in order gives — each title's newest version, an older
 * or repeated one changing nothing, a title not known yet created, and a title left with no licence cancelling its
 * holds — whatever order they come in within the poll.
 */
@QuarkusTest
class AvailabilityBatchTest {

    @Inject
    EventIntake intake;

    @Inject
    LicenceEvents licenceEvents;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    private long offset;

    @Test
    void thePollsChangesLeaveEachTitleAtItsNewestVersion() {
        UUID known = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        accept(change(known, 5, 1, 10));

        ConsumerRecord<String, String> newest = change(known, 5, 3, 12);
        accept(change(unknown, 2, 2, 4), newest, change(known, 5, 0, 11), newest);

        assertEquals(List.of(12L, 5, 3), seats(known), "the newest of the poll, though an older one came after it");
        assertEquals(List.of(4L, 2, 2), seats(unknown), "a title not known yet is created with its seats");

        accept(change(known, 5, 5, 9), change(unknown, 2, 0, 4));
        assertEquals(List.of(12L, 5, 3), seats(known), "an older version than the known one changes nothing");
        assertEquals(List.of(4L, 2, 2), seats(unknown), "the same version again changes nothing");
    }

    @Test
    void aTitleLeftWithNoLicenceInAPollCancelsItsHolds() {
        UUID title = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        accept(change(title, 1, 0, 1));
        UUID patron = UUID.randomUUID();
        String holdId = placeHold(patron, title).then().statusCode(201).body("state", equalTo("waiting"))
                .extract().path("id");

        accept(change(other, 3, 3, 1), change(title, 0, 0, 2));

        Hold hold = QuarkusTransaction.requiringNew().call(() -> Hold.<Hold>findById(UUID.fromString(holdId)));
        assertEquals(Hold.State.CANCELLED, hold.state);
        assertEquals("no-licence-left", hold.endReason);
        assertEquals(List.of(1L, 3, 3), seats(other), "the other title of the poll is written as well");
        assertNull(QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select 1 from hold where publication_id = ?1 and state in ('WAITING', 'READY')")
                .setParameter(1, title).getResultStream().findFirst().orElse(null)));
    }

    /** availability_version, seats_total, seats_free of the title. */
    private List<Object> seats(UUID title) {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                        "select availability_version, seats_total, seats_free from title where publication_id = ?1")
                .setParameter(1, title).getSingleResult());
        return List.of(((Number) row[0]).longValue(), ((Number) row[1]).intValue(), ((Number) row[2]).intValue());
    }

    @SafeVarargs
    private void accept(ConsumerRecord<String, String>... records) {
        List<ConsumerRecord<String, String>> list = new ArrayList<>(List.of(records));
        intake.acceptAll(licenceEvents, new ConsumerRecords<>(Map.of(new TopicPartition(Topics.LICENCE, 0), list), Map.of()));
    }

    private ConsumerRecord<String, String> change(UUID title, int total, int free, long version) {
        try {
            ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.LICENCE, 0, offset++, title.toString(),
                    json.writeValueAsString(new AvailabilityChanged(title, total, free, 0, version)));
            record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_source", "urn:lainaamo:license-service".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", EventTypes.AVAILABILITY_CHANGED.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_subject", title.toString().getBytes(StandardCharsets.UTF_8));
            return record;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
