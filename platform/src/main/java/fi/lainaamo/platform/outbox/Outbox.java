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
import java.util.function.Supplier;

/**
 * Records an event in the same database transaction as the change it describes. Nothing is sent here: the
 * {@link OutboxRelay} publishes committed rows, so a rolled-back change never leaks an event and a committed one
 * is never lost.
 */
@ApplicationScoped
public class Outbox {

    private static final String TRACE_OF_THE_TRANSACTION = Outbox.class.getName() + ".traceparent";
    /** The transaction's events held back by {@link #together}, in the order recorded. */
    private static final String HELD = Outbox.class.getName() + ".held";

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
        Held held = (Held) transaction.getResource(HELD);
        if (held != null && held.rows != null) {
            held.rows.add(new Row(eventId, new Pending(type, subject, key, data), traceparent()));
            return eventId;
        }
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

    /**
     * Runs {@code work} with the events it records ({@link #record}) held back, then writes them in the order recorded,
     * in one JDBC batch (issue 14: a consumer applying a poll's worth of changes made an insert round trip per event).
     * For work that records many events and reads none of them back; nested, the outermost writes. When the work
     * throws, nothing is written: the transaction is rolling back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T together(Supplier<T> work) {
        Held held = (Held) transaction.getResource(HELD);
        if (held == null) {
            held = new Held();
            transaction.putResource(HELD, held);
        } else if (held.rows != null) {
            return work.get();
        }
        List<Row> rows = new ArrayList<>();
        held.rows = rows;
        T result;
        try {
            result = work.get();
        } finally {
            held.rows = null;
        }
        write(rows);
        return result;
    }

    /** The events {@link #together} holds back in a transaction, in the order recorded; null while it holds none. */
    private static final class Held {
        List<Row> rows;
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
        String traceparent = traceparent();
        write(events.stream().map(event -> new Row(UUID.randomUUID(), event, traceparent)).toList());
    }

    /** An event about to be written: its id and trace context are settled when it is recorded. */
    private record Row(UUID eventId, Pending event, String traceparent) {
    }

    private void write(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<OutboxRecorded> announced = new ArrayList<>(rows.size());
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into outbox_event "
                    + "(event_id, type, subject, partition_key, payload, traceparent) values (?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                for (Row row : rows) {
                    Pending event = row.event();
                    insert.setObject(1, row.eventId());
                    insert.setString(2, event.type());
                    insert.setString(3, event.subject().toString());
                    insert.setString(4, event.key().toString());
                    insert.setString(5, toJson(event.data()));
                    insert.setString(6, row.traceparent());
                    insert.addBatch();
                }
                insert.executeBatch();
                // the driver returns the generated ids in the order of the batch
                try (ResultSet ids = insert.getGeneratedKeys()) {
                    for (Row row : rows) {
                        if (!ids.next()) {
                            throw new IllegalStateException("the driver returned fewer ids than events written");
                        }
                        Pending event = row.event();
                        announced.add(new OutboxRecorded(ids.getLong(1), row.eventId(), event.type(), event.subject().toString(), event.data()));
                    }
                }
            }
        });
        announced.forEach(recorded::fire);
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
