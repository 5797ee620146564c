package fi.lainaamo.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The processed-event log that makes consumers idempotent. A consumer calls {@link #firstDelivery} in the same
 * transaction as its effect: a redelivered or replayed event finds its id already there and is skipped, and if the
 * effect rolls back, so does the log entry, so the event is processed again on redelivery.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    /** True when this event has not been processed before; records it as processed in the current transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(ReceivedEvent event) {
        int inserted = em.createNativeQuery("insert into processed_event (source, event_id, type) values (?1, ?2, ?3) "
                        + "on conflict do nothing")
                .setParameter(1, event.source())
                .setParameter(2, event.id())
                .setParameter(3, event.type())
                .executeUpdate();
        return inserted == 1;
    }

    /** An event as the log knows it: its source and id. */
    public record Delivery(String source, UUID id) {
        public static Delivery of(ReceivedEvent event) {
            return new Delivery(event.source(), event.id());
        }
    }

    /**
     * {@link #firstDelivery} for a poll's worth of events in one statement: records each as processed in the current
     * transaction and answers those not processed before (an event twice in the list is answered once).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<Delivery> firstDeliveries(List<ReceivedEvent> events) {
        if (events.isEmpty()) {
            return new HashSet<>();
        }
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into processed_event (source, event_id, type) "
                    + "select * from unnest(?::text[], ?::uuid[], ?::text[]) on conflict do nothing returning source, event_id")) {
                insert.setArray(1, connection.createArrayOf("text", events.stream().map(ReceivedEvent::source).toArray()));
                insert.setArray(2, connection.createArrayOf("uuid", events.stream().map(ReceivedEvent::id).toArray()));
                insert.setArray(3, connection.createArrayOf("text", events.stream().map(ReceivedEvent::type).toArray()));
                Set<Delivery> first = new HashSet<>();
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        first.add(new Delivery(rows.getString(1), rows.getObject(2, UUID.class)));
                    }
                }
                return first;
            }
        });
    }

    /** Reads the event's JSON data as a contract record; data that does not fit it can never be applied. */
    public <T> T data(ReceivedEvent event, Class<T> type) {
        try {
            return json.readValue(event.data(), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnprocessableEvent("unreadable-data", "the data of " + event.type() + " does not fit its contract ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
