package fi.lainaamo.patron.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.lainaamo.platform.events.ReceivedEvent;
import fi.lainaamo.platform.events.UnprocessableEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns one consumed event into a delivery for each enabled endpoint that subscribed to its type and may see it, in
 * the consumer's transaction (so the deliveries and the processed-event entry commit together); (endpoint, event) is
 * unique, so a redelivered event queues nothing twice. Loans and holds go only to the apps of the patron's own library,
 * with the patron id replaced by the app's pseudonym for the patron and the patron's municipality code; an erased
 * patron's events go nowhere.
 */
@ApplicationScoped
public class WebhookFanOut {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Event<WebhookQueued> queued;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /** The transaction's resource key for the types some enabled endpoint subscribes to. */
    private static final Object SUBSCRIBED = new Object();

    private record Target(UUID endpointId, List<String> types, byte[] pseudonymKey) {
    }

    private record PatronPlace(UUID libraryId, String municipality) {
    }

    /** Queues the event for its subscribers; does nothing for a type no partner can subscribe to. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void received(ReceivedEvent event) {
        Optional<WebhookType> known = WebhookType.ofEventType(event.type());
        if (known.isEmpty()) {
            return;
        }
        WebhookType type = known.get();
        if (!subscribed().contains(type.code)) {
            return; // nobody listens: no parsing, no patron lookup (a consumer's batch asks this once)
        }
        ObjectNode data;
        try {
            JsonNode parsed = json.readTree(event.data());
            if (!(parsed instanceof ObjectNode object)) {
                throw new UnprocessableEvent("unreadable-data", "the data of " + event.type() + " is not a JSON object");
            }
            data = object;
        } catch (IOException e) {
            throw new UnprocessableEvent("unreadable-data", "the data of " + event.type() + " is not JSON");
        }
        String partitionKey = data.hasNonNull("publicationId") ? data.get("publicationId").asText()
                : event.subject() != null ? event.subject() : event.id().toString();

        PatronPlace place = null;
        String patronId = null;
        if (type.group == WebhookType.Group.OWN_LIBRARY) {
            patronId = data.path("patronId").asText(null);
            place = patronId == null ? null : place(patronId);
            if (place == null) {
                return; // unknown here or erased: nobody is told about them
            }
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        boolean any = false;
        for (Target target : targets(place)) {
            if (!target.types().contains(type.code)) {
                continue;
            }
            ObjectNode payload = data.deepCopy();
            if (place != null) {
                if (target.pseudonymKey() == null) {
                    continue; // cannot happen: the key is made with the app's first endpoint
                }
                payload.remove("patronId");
                payload.put("patron", WebhookSignature.pseudonym(target.pseudonymKey(), patronId));
                if (!payload.hasNonNull("municipality")) {
                    payload.put("municipality", place.municipality());
                }
            }
            ObjectNode body = json.createObjectNode();
            body.put("type", type.code);
            body.put("id", event.id().toString());
            body.put("timestamp", at.toString());
            body.set("data", payload);
            String text;
            try {
                text = json.writeValueAsString(body);
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
            any |= em.createNativeQuery("insert into webhook_delivery (id, endpoint_id, event_id, event_type, partition_key, occurred_at, "
                            + "body, next_attempt_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6) on conflict (endpoint_id, event_id) do nothing")
                    .setParameter(1, UUID.randomUUID())
                    .setParameter(2, target.endpointId())
                    .setParameter(3, event.id())
                    .setParameter(4, type.code)
                    .setParameter(5, partitionKey)
                    .setParameter(6, at)
                    .setParameter(7, text)
                    .executeUpdate() == 1;
        }
        if (any) {
            queued.fire(new WebhookQueued());
        }
    }

    /**
     * GDPR erasure: the deliveries about the patron (queued or kept for replay) are deleted, for each app by the app's
     * pseudonym for the patron; nothing about them is sent or replayed afterwards. Returns how many.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int erase(UUID patronId) {
        @SuppressWarnings("unchecked")
        List<Object[]> keys = em.createNativeQuery("select client_id, pseudonym_key from webhook_partner_key").getResultList();
        int deleted = 0;
        for (Object[] key : keys) {
            String field = "\"patron\":\"" + WebhookSignature.pseudonym((byte[]) key[1], patronId.toString()) + "\"";
            deleted += em.createNativeQuery("delete from webhook_delivery d using webhook_endpoint e where e.id = d.endpoint_id "
                            + "and e.client_id = ?1 and position(?2 in d.body) > 0")
                    .setParameter(1, key[0]).setParameter(2, field).executeUpdate();
        }
        return deleted;
    }

    private PatronPlace place(String patronId) {
        UUID id;
        try {
            id = UUID.fromString(patronId);
        } catch (IllegalArgumentException e) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select library_id, municipality from patron where id = ?1 and erased_at is null")
                .setParameter(1, id).getResultList();
        return rows.isEmpty() ? null : new PatronPlace((UUID) rows.get(0)[0], (String) rows.get(0)[1]);
    }

    /**
     * The webhook types some enabled endpoint of an app not revoked subscribes to, read once per transaction: a
     * consumer applies a poll's worth of events in one, and most events have no subscriber.
     */
    private Set<String> subscribed() {
        @SuppressWarnings("unchecked")
        Set<String> types = (Set<String>) transaction.getResource(SUBSCRIBED);
        if (types == null) {
            types = new HashSet<>();
            @SuppressWarnings("unchecked")
            List<String> rows = em.createNativeQuery("select e.event_types from webhook_endpoint e join partner_app a on a.client_id = e.client_id "
                    + "where e.status = 'enabled' and a.revoked_at is null").getResultList();
            for (String row : rows) {
                types.addAll(Arrays.asList(row.split(" ")));
            }
            transaction.putResource(SUBSCRIBED, types);
        }
        return types;
    }

    /** Enabled endpoints of apps not revoked; for a patron's event only those of the patron's library's apps. */
    private List<Target> targets(PatronPlace place) {
        String sql = "select e.id, e.event_types, k.pseudonym_key from webhook_endpoint e join partner_app a on a.client_id = e.client_id "
                + "left join webhook_partner_key k on k.client_id = e.client_id where e.status = 'enabled' and a.revoked_at is null"
                + (place == null ? "" : " and a.library_id = ?1") + " order by e.id";
        var query = em.createNativeQuery(sql);
        if (place != null) {
            query.setParameter(1, place.libraryId());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Target((UUID) r[0], Arrays.asList(((String) r[1]).split(" ")), (byte[]) r[2])).toList();
    }
}
