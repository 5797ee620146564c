package fi.lainaamo.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Records an event in the same database transaction as the change it describes. Nothing is sent here: the
 * {@link OutboxRelay} publishes committed rows, so a rolled-back change never leaks an event and a committed one
 * is never lost.
 */
@ApplicationScoped
public class Outbox {

    private static final String TRACE_OF_THE_TRANSACTION = Outbox.class.getName() + ".traceparent";

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Event<OutboxWritten> written;

    @Inject
    Event<OutboxRecorded> recorded;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /**
     * @param type    the CloudEvents type, from {@code fi.lainaamo.events.EventTypes}
     * @param subject the aggregate the event is about (CloudEvents {@code subject})
     * @param key     the Kafka record key: events with the same key keep their order
     * @param data    the payload record from the event contracts
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(String type, Object subject, Object key, Object data) {
        UUID eventId = UUID.randomUUID();
        Number sequence = (Number) em.createNativeQuery("insert into outbox_event (event_id, type, subject, partition_key, payload, traceparent) "
                        + "values (?1, ?2, ?3, ?4, ?5, ?6) returning id")
                .setParameter(1, eventId)
                .setParameter(2, type)
                .setParameter(3, subject.toString())
                .setParameter(4, key.toString())
                .setParameter(5, toJson(data))
                .setParameter(6, traceparent())
                .getSingleResult();
        recorded.fire(new OutboxRecorded(sequence.longValue(), eventId, type, subject.toString(), data));
        written.fire(new OutboxWritten());
        return eventId;
    }

    /** An event to record with {@link #recordAll(List)}: as the arguments of {@link #record}. */
    public record Pending(String type, Object subject, Object key, Object data) {
    }

    /**
     * One event per payload, written in a single JDBC batch (one round trip for a whole import batch); the subject
     * and the record key of each event come from its payload.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> void recordAll(String type, List<T> payloads, Function<T, Object> subjectAndKey) {
        recordAll(payloads.stream().map(p -> {
            Object subject = subjectAndKey.apply(p);
            return new Pending(type, subject, subject, p);
        }).toList());
    }

    /**
     * Events of any types, in this order, written in a single JDBC batch: a writer that interleaves kinds of change
     * (an import's upserts and withdrawals) keeps their order without a round trip per change of kind.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(List<Pending> events) {
        if (events.isEmpty()) {
            return;
        }
        String traceparent = traceparent();
        List<OutboxRecorded> rows = new ArrayList<>(events.size());
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into outbox_event "
                    + "(event_id, type, subject, partition_key, payload, traceparent) values (?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                for (Pending event : events) {
                    String subject = event.subject().toString();
                    UUID eventId = UUID.randomUUID();
                    insert.setObject(1, eventId);
                    insert.setString(2, event.type());
                    insert.setString(3, subject);
                    insert.setString(4, event.key().toString());
                    insert.setString(5, toJson(event.data()));
                    insert.setString(6, traceparent);
                    insert.addBatch();
                    rows.add(new OutboxRecorded(0, eventId, event.type(), subject, event.data()));
                }
                insert.executeBatch();
                // the driver returns the generated ids in the order of the batch
                try (ResultSet ids = insert.getGeneratedKeys()) {
                    for (int i = 0; ids.next(); i++) {
                        OutboxRecorded row = rows.get(i);
                        rows.set(i, new OutboxRecorded(ids.getLong(1), row.eventId(), row.type(), row.subject(), row.data()));
                    }
                }
            }
        });
        rows.forEach(recorded::fire);
        written.fire(new OutboxWritten());
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload cannot be written as JSON: " + data.getClass().getSimpleName(), e);
        }
    }

    /**
     * W3C trace context of the change that caused the event, so a trace continues across Kafka: the current span's
     * (a request, a consumed event), or else one made up once for the transaction (a sweep, a scheduled job), so that
     * every event carries exactly one and the events of one change share it.
     */
    private String traceparent() {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
        }
        Object made = transaction.getResource(TRACE_OF_THE_TRANSACTION);
        if (made == null) {
            made = "00-" + hex(16) + "-" + hex(8) + "-00";
            transaction.putResource(TRACE_OF_THE_TRANSACTION, made);
        }
        return (String) made;
    }

    /** Random lower-case hex of {@code bytes} bytes, never all zero (which W3C trace context forbids). */
    private static String hex(int bytes) {
        StringBuilder hex = new StringBuilder(bytes * 2);
        do {
            hex.setLength(0);
            for (int i = 0; i < bytes; i++) {
                hex.append(String.format("%02x", ThreadLocalRandom.current().nextInt(256)));
            }
        } while (hex.chars().allMatch(c -> c == '0'));
        return hex.toString();
    }
}
