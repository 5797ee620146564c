package fi.lainaamo.catalog.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationUpserted;
import fi.lainaamo.platform.outbox.OutboxWritten;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;

/**
 * Writes a batch of publication-upserted events to the platform's outbox table in one JDBC batch, in the import's
 * transaction (one round trip per batch instead of per product). The same row shape as platform's Outbox.record;
 * a stand-in until the platform offers a batch form (then this class goes).
 */
@ApplicationScoped
public class BatchOutbox {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Event<OutboxWritten> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public void upserted(List<PublicationUpserted> events) {
        if (events.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into outbox_event "
                    + "(event_id, type, subject, partition_key, payload, traceparent) values (?, ?, ?, ?, ?, null)")) {
                for (PublicationUpserted event : events) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, EventTypes.PUBLICATION_UPSERTED);
                    insert.setString(3, event.publicationId().toString());
                    insert.setString(4, event.publicationId().toString());
                    insert.setString(5, toJson(event));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        written.fire(new OutboxWritten());
    }

    private String toJson(PublicationUpserted event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload cannot be written as JSON", e);
        }
    }
}
