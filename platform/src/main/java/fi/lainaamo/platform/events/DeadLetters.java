package fi.lainaamo.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import fi.lainaamo.platform.outbox.BrokerAcks;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Records a consumer could never apply. Each goes to the consumer's dead-letter topic
 * ({@code lainaamo.dlq.<service>.<channel>}) with the original headers, key and value plus the reason in
 * {@code dead-letter-*} headers, and into the service's {@code dead_letter} table, where admins list them and
 * re-drive one once the cause is fixed. A record set aside twice (a replay) is kept once.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String METRIC = "lainaamo.consumer.dead.letters";

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry metrics;

    @Inject
    @Channel("dead-letters")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 256)
    Emitter<String> topic;

    @ConfigProperty(name = "lainaamo.service-name")
    String serviceName;

    /** A dead letter as admins see it; the data is shown as it arrived (events carry no personal data). */
    public record View(
            long id,
            String consumer,
            String topic,
            int partition,
            long offset,
            @Schema(nullable = true) String key,
            @Schema(nullable = true) String eventId,
            @Schema(nullable = true) String eventType,
            String reasonCode,
            String reason,
            String status,
            OffsetDateTime deadAt,
            @Schema(nullable = true) OffsetDateTime resolvedAt,
            Map<String, String> headers,
            @Schema(nullable = true) String data) {
    }

    /** The dead-letter topic of one consumer of this service. */
    public String topicOf(String consumer) {
        return "lainaamo.dlq." + serviceName + "." + consumer;
    }

    /**
     * Sets the record aside: the table row and the dead-letter topic, in one transaction that commits only after the
     * broker acknowledged the record. Throws while the database or the broker cannot take it, so the caller retries.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void setAside(String consumer, ConsumerRecord<String, String> record, UnprocessableEvent why) {
        String eventId = ReceivedEvent.header(record, "ce_id");
        String eventType = ReceivedEvent.header(record, "ce_type");
        int inserted = em.createNativeQuery("insert into dead_letter (consumer, topic, record_partition, record_offset, record_key, "
                        + "headers, payload, event_id, event_type, reason_code, reason) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                        + "on conflict (consumer, topic, record_partition, record_offset) do nothing")
                .setParameter(1, consumer)
                .setParameter(2, record.topic())
                .setParameter(3, record.partition())
                .setParameter(4, record.offset())
                .setParameter(5, record.key())
                .setParameter(6, headersJson(record))
                .setParameter(7, record.value())
                .setParameter(8, eventId)
                .setParameter(9, eventType)
                .setParameter(10, why.reasonCode())
                .setParameter(11, why.reason())
                .executeUpdate();
        if (inserted == 0) {
            return; // set aside before (a replay of the topic): once is enough
        }
        publish(consumer, record, why);
        metrics.counter(METRIC, "consumer", consumer, "reason", why.reasonCode()).increment();
    }

    private void publish(String consumer, ConsumerRecord<String, String> record, UnprocessableEvent why) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), header.value());
        }
        headers.add("dead-letter-reason", utf8(why.reason()));
        headers.add("dead-letter-reason-code", utf8(why.reasonCode()));
        headers.add("dead-letter-consumer", utf8(serviceName + "/" + consumer));
        headers.add("dead-letter-topic", utf8(record.topic()));
        headers.add("dead-letter-partition", utf8(String.valueOf(record.partition())));
        headers.add("dead-letter-offset", utf8(String.valueOf(record.offset())));
        CompletableFuture<Void> acked = BrokerAcks.send(topic, Message.of(record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topicOf(consumer))
                        .withKey(record.key())
                        .withHeaders(headers)
                        .build()));
        try {
            acked.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the dead-letter topic " + topicOf(consumer) + " did not take the record", e);
        }
    }

    /** Dead letters of a status, oldest first, after the given id; optionally of one consumer. */
    @Transactional
    public List<View> list(Optional<String> consumer, String status, long afterId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SELECT + "where status = ?1 and id > ?2 and (?3 = '' or consumer = ?3) "
                        + "order by id limit ?4")
                .setParameter(1, status)
                .setParameter(2, afterId)
                .setParameter(3, consumer.orElse(""))
                .setParameter(4, limit)
                .getResultList();
        return rows.stream().map(this::view).toList();
    }

    @Transactional
    public Optional<View> find(long id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SELECT + "where id = ?1").setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(this::view);
    }

    /** Open dead letters per consumer. */
    @Transactional
    public Map<String, Long> openByConsumer() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select consumer, count(*) from dead_letter where status = 'open' group by consumer")
                .getResultList();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object[] row : rows) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    /** Marks an open dead letter re-driven or discarded; false when it was not open any more. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean resolve(long id, String status) {
        return em.createNativeQuery("update dead_letter set status = ?1, resolved_at = now() where id = ?2 and status = 'open'")
                .setParameter(1, status).setParameter(2, id).executeUpdate() == 1;
    }

    /** Keeps the latest reason a re-drive met. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void stillUnprocessable(long id, UnprocessableEvent why) {
        em.createNativeQuery("update dead_letter set reason_code = ?1, reason = ?2 where id = ?3")
                .setParameter(1, why.reasonCode()).setParameter(2, why.reason()).setParameter(3, id).executeUpdate();
    }

    /** The record as it was consumed, to hand to its consumer again. */
    public ConsumerRecord<String, String> record(View letter) {
        RecordHeaders headers = new RecordHeaders();
        letter.headers().forEach((name, value) -> headers.add(name, value == null ? null : utf8(value)));
        return new ConsumerRecord<>(letter.topic(), letter.partition(), letter.offset(), letter.deadAt().toInstant().toEpochMilli(),
                TimestampType.CREATE_TIME, -1, -1, letter.key(), letter.data(), headers, Optional.empty());
    }

    private static final String SELECT = "select id, consumer, topic, record_partition, record_offset, record_key, event_id, event_type, "
            + "reason_code, reason, status, dead_at, resolved_at, headers, payload from dead_letter ";

    private View view(Object[] row) {
        return new View(((Number) row[0]).longValue(), (String) row[1], (String) row[2], ((Number) row[3]).intValue(),
                ((Number) row[4]).longValue(), (String) row[5], (String) row[6], (String) row[7], (String) row[8], (String) row[9],
                (String) row[10], time(row[11]), time(row[12]), headers((String) row[13]), (String) row[14]);
    }

    private static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(java.time.ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    private String headersJson(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> headers(String stored) {
        try {
            return json.readValue(stored, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            return new LinkedHashMap<>(Map.of("unreadable", stored));
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
