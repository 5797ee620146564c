package fi.lainaamo.report.publications;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.PublicationReinstated;
import fi.lainaamo.events.PublicationWithdrawn;
import fi.lainaamo.platform.events.ReceivedEvent;
import fi.lainaamo.report.Projection;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The publication dimension of every report (title, format, language, and the descriptive fields the E-kirjasto
 * export has columns for) from catalog-service's publication events. Fields an event does not carry stay empty.
 */
@ApplicationScoped
public class CatalogEvents extends Projection {

    public CatalogEvents() {
        super("catalog-events", Set.of(EventTypes.PUBLICATION_UPSERTED, EventTypes.PUBLICATION_WITHDRAWN,
                EventTypes.PUBLICATION_REINSTATED));
    }

    /** A poll's worth in one transaction: an ONIX import sends one event per product. */
    @Incoming("catalog-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        consume(records);
    }

    @Override
    public void apply(ReceivedEvent event) {
        switch (event.type()) {
            case EventTypes.PUBLICATION_UPSERTED -> upserted(processed.data(event, JsonNode.class));
            case EventTypes.PUBLICATION_WITHDRAWN -> withdrawn(processed.data(event, PublicationWithdrawn.class).publicationId(), true);
            case EventTypes.PUBLICATION_REINSTATED -> withdrawn(processed.data(event, PublicationReinstated.class).publicationId(), false);
            default -> throw new IllegalStateException("unexpected " + event.type());
        }
    }

    /** Read as a tree: the metadata fields beyond title, format and language are optional in the contract. */
    private void upserted(JsonNode data) {
        em.createNativeQuery("insert into publication (publication_id, title, format, language, contributors, audience, fiction, "
                        + "subjects, publisher, published_year, identifiers) values (?1, ?2, ?3, ?4, cast(?5 as text[]), ?6, ?7, "
                        + "cast(?8 as text[]), ?9, ?10, cast(?11 as text[])) on conflict (publication_id) do update set title = excluded.title, "
                        + "format = excluded.format, language = excluded.language, contributors = excluded.contributors, "
                        + "audience = excluded.audience, fiction = excluded.fiction, subjects = excluded.subjects, "
                        + "publisher = excluded.publisher, published_year = excluded.published_year, identifiers = excluded.identifiers")
                .setParameter(1, UUID.fromString(data.path("publicationId").asText()))
                .setParameter(2, text(data, "title"))
                .setParameter(3, text(data, "format"))
                .setParameter(4, text(data, "language"))
                .setParameter(5, pgArray(data.path("contributors")))
                .setParameter(6, text(data, "audience"))
                .setParameter(7, data.path("fiction").isBoolean() ? data.path("fiction").asBoolean() : null)
                .setParameter(8, pgArray(data.path("subjects")))
                .setParameter(9, text(data, "publisher"))
                .setParameter(10, data.path("publishedYear").isInt() ? data.path("publishedYear").asInt() : null)
                .setParameter(11, pgArray(data.path("identifiers")))
                .executeUpdate();
    }

    private void withdrawn(UUID publicationId, boolean withdrawn) {
        em.createNativeQuery("insert into publication (publication_id, withdrawn) values (?1, ?2) "
                        + "on conflict (publication_id) do update set withdrawn = excluded.withdrawn")
                .setParameter(1, publicationId).setParameter(2, withdrawn).executeUpdate();
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    /** A PostgreSQL array literal of the strings in a JSON array (empty for anything else). */
    static String pgArray(JsonNode list) {
        List<String> items = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(item -> {
                if (item.isTextual()) {
                    items.add(item.asText());
                }
            });
        }
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"').append(items.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }
}
