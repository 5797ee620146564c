package fi.lainaamo.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.IOException;

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
