package fi.lainaamo.license.seats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldCancelled;
import fi.lainaamo.events.LoanReturned;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.events.Topics;
import fi.lainaamo.platform.events.EventIntake;
import io.quarkus.arc.Arc;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loan events as loan-service publishes them (CloudEvents in Kafka's binary mode), handed to the loan-events consumer
 * as one poll through {@link EventIntake#acceptAll}, as the connector would: a test decides what one poll holds.
 */
final class LoanEventPoll {

    private static final String LOAN_SERVICE = "urn:lainaamo:loan-service";
    private static final AtomicLong OFFSET = new AtomicLong();

    private LoanEventPoll() {
    }

    @SafeVarargs
    static void accept(ConsumerRecord<String, String>... records) {
        Arc.container().instance(EventIntake.class).get().acceptAll(Arc.container().instance(LoanEvents.class).get(),
                new ConsumerRecords<>(Map.of(new TopicPartition(Topics.LOAN, 0), List.of(records)), Map.of()));
    }

    static ConsumerRecord<String, String> started(UUID loan, UUID publication) {
        return event(EventTypes.LOAN_STARTED, publication, new LoanStarted(loan, UUID.randomUUID(), publication, "091",
                UUID.randomUUID(), Instant.now(), Instant.now().plusSeconds(86400)));
    }

    static ConsumerRecord<String, String> returned(UUID loan, UUID publication) {
        return event(EventTypes.LOAN_RETURNED, publication, new LoanReturned(loan, UUID.randomUUID(), publication, "091", Instant.now()));
    }

    static ConsumerRecord<String, String> cancelled(UUID hold, UUID publication) {
        return event(EventTypes.HOLD_CANCELLED, publication, new HoldCancelled(hold, UUID.randomUUID(), publication, "patron", Instant.now()));
    }

    private static ConsumerRecord<String, String> event(String type, UUID publication, Object data) {
        try {
            ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.LOAN, 0, OFFSET.getAndIncrement(), publication.toString(),
                    Arc.container().instance(ObjectMapper.class).get().writeValueAsString(data));
            record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_source", LOAN_SERVICE.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_subject", publication.toString().getBytes(StandardCharsets.UTF_8));
            return record;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
