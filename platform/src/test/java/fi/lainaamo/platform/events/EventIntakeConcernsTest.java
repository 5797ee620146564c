package fi.lainaamo.platform.events;

import fi.lainaamo.events.EventTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which polls a consumer may skip without a transaction: only those whose every record is a well-formed CloudEvent of
 * a type it neither handles nor knows another version of. Anything it must apply or set aside keeps the batch.
 */
class EventIntakeConcernsTest {

    private final EventIntake intake = new EventIntake();

    private final EventHandler startsOnly = new EventHandler() {
        @Override
        public String channel() {
            return "test";
        }

        @Override
        public boolean handles(String type) {
            return Set.of(EventTypes.LOAN_STARTED).contains(type);
        }

        @Override
        public void apply(ReceivedEvent event) {
        }
    };

    @Test
    void aPollOfOtherConsumersTypesIsSkipped() {
        assertFalse(intake.anyConcerns(startsOnly, poll(event(EventTypes.LOAN_RETURNED), event(EventTypes.LOAN_RETURNED))));
    }

    @Test
    void aHandledTypeAnotherVersionOfOneOrARecordThatIsNoCloudEventKeepsThePoll() {
        assertTrue(intake.anyConcerns(startsOnly, poll(event(EventTypes.LOAN_RETURNED), event(EventTypes.LOAN_STARTED))));
        assertTrue(intake.anyConcerns(startsOnly, poll(event("fi.lainaamo.loan.started.v2"))), "set aside as unknown-version");
        ConsumerRecord<String, String> withoutId = event(EventTypes.LOAN_RETURNED);
        withoutId.headers().remove("ce_id");
        assertTrue(intake.anyConcerns(startsOnly, poll(withoutId)), "set aside as not-a-cloudevent");
        ConsumerRecord<String, String> withoutType = event(EventTypes.LOAN_RETURNED);
        withoutType.headers().remove("ce_type");
        assertTrue(intake.anyConcerns(startsOnly, poll(withoutType)), "set aside as not-a-cloudevent");
    }

    private static ConsumerRecord<String, String> event(String type) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("lainaamo.loan.v1", 0, 0, "key", "{}");
        record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/loan-service".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @SafeVarargs
    private static ConsumerRecords<String, String> poll(ConsumerRecord<String, String>... records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition("lainaamo.loan.v1", 0), List.of(records)), Map.of());
    }
}
