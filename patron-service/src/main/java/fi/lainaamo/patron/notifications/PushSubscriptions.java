package fi.lainaamo.patron.notifications;

import fi.lainaamo.platform.http.OutboundUrls;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The patron's Web Push subscriptions. The endpoint must be one Lainaamo may call ({@link OutboundUrls}: https, no
 * private address ranges, except the configured {@code lainaamo.push.allowed-hosts}); the keys must be a P-256 point
 * and a 16-byte secret. Subscribing is idempotent on the endpoint: the same browser subscribing again updates its
 * keys; a browser another patron subscribed before (a shared device) now belongs to whoever subscribed last.
 */
@ApplicationScoped
public class PushSubscriptions {

    @Inject
    EntityManager em;

    @ConfigProperty(name = "lainaamo.push.allowed-hosts")
    Optional<List<String>> allowedHosts;

    @ConfigProperty(name = "lainaamo.push.max-subscriptions", defaultValue = "10")
    int maxPerPatron;

    private OutboundUrls outbound;

    @PostConstruct
    void init() {
        outbound = OutboundUrls.allowing(allowedHosts.orElse(List.of()));
    }

    /** The SSRF rule, checked again before every send (a name can resolve elsewhere later). */
    public Optional<OutboundUrls.Refusal> refusal(String endpoint) {
        return outbound.refusal(endpoint);
    }

    public record Subscribed(PushSubscriptionView view, boolean created) {
    }

    @Transactional
    public Subscribed subscribe(UUID patronId, NewPushSubscription request) {
        List<ProblemException.Violation> wrong = new ArrayList<>();
        outbound.refusal(request.endpoint()).ifPresent(r -> wrong.add(new ProblemException.Violation(r.code, "endpoint")));
        try {
            WebPushCrypto.publicKey(WebPushCrypto.fromBase64url(request.keys().p256dh()));
        } catch (IllegalArgumentException notAKey) {
            wrong.add(new ProblemException.Violation("invalid-push-key", "keys.p256dh"));
        }
        try {
            if (WebPushCrypto.fromBase64url(request.keys().auth()).length != 16) {
                wrong.add(new ProblemException.Violation("invalid-push-auth", "keys.auth"));
            }
        } catch (IllegalArgumentException notBase64) {
            wrong.add(new ProblemException.Violation("invalid-push-auth", "keys.auth"));
        }
        if (!wrong.isEmpty()) {
            throw new ProblemException(400, "invalid-request", wrong);
        }
        if (em.createNativeQuery("select 1 from patron where id = ?1 for update").setParameter(1, patronId).getResultList().isEmpty()) {
            throw ProblemException.notFound("patron-not-found"); // erased while the token lives on; and one at a time per patron
        }
        @SuppressWarnings("unchecked")
        List<Object[]> existing = em.createNativeQuery("select id, patron_id from push_subscription where endpoint = ?1")
                .setParameter(1, request.endpoint()).getResultList();
        boolean mine = !existing.isEmpty() && patronId.equals(existing.get(0)[1]);
        if (!mine && count(patronId) >= maxPerPatron) {
            throw ProblemException.conflict("too-many-push-subscriptions", maxPerPatron);
        }
        UUID id = existing.isEmpty() ? UUID.randomUUID() : (UUID) existing.get(0)[0];
        // a browser that was another patron's is taken over: a new id, so nothing of theirs follows it
        if (!existing.isEmpty() && !mine) {
            em.createNativeQuery("delete from push_subscription where id = ?1").setParameter(1, id).executeUpdate();
            id = UUID.randomUUID();
        }
        em.createNativeQuery("insert into push_subscription (id, patron_id, endpoint, p256dh, auth) values (?1, ?2, ?3, ?4, ?5) "
                        + "on conflict (endpoint) do update set patron_id = excluded.patron_id, p256dh = excluded.p256dh, auth = excluded.auth")
                .setParameter(1, id).setParameter(2, patronId).setParameter(3, request.endpoint())
                .setParameter(4, request.keys().p256dh()).setParameter(5, request.keys().auth()).executeUpdate();
        Object[] row = (Object[]) em.createNativeQuery("select id, created_at from push_subscription where endpoint = ?1")
                .setParameter(1, request.endpoint()).getSingleResult();
        return new Subscribed(new PushSubscriptionView((UUID) row[0], VapidKeys.origin(URI.create(request.endpoint())), Notices.instant(row[1])), !mine);
    }

    @Transactional
    public List<PushSubscriptionView> list(UUID patronId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, endpoint, created_at from push_subscription where patron_id = ?1 order by created_at, id")
                .setParameter(1, patronId).getResultList();
        return rows.stream().map(r -> new PushSubscriptionView((UUID) r[0], VapidKeys.origin(URI.create((String) r[1])), Notices.instant(r[2]))).toList();
    }

    /** The patron removes a subscription (the app unsubscribed); another patron's is "not found". */
    @Transactional
    public void remove(UUID patronId, UUID id) {
        if (em.createNativeQuery("delete from push_subscription where id = ?1 and patron_id = ?2")
                .setParameter(1, id).setParameter(2, patronId).executeUpdate() == 0) {
            throw ProblemException.notFound("push-subscription-not-found");
        }
    }

    /** The push service said the subscription is gone (404, 410): it is dropped. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void drop(UUID id) {
        em.createNativeQuery("delete from push_subscription where id = ?1").setParameter(1, id).executeUpdate();
    }

    /** The patron's subscriptions for the GDPR export, the endpoint in full. */
    @Transactional
    public List<PushSubscriptionExport> export(UUID patronId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, endpoint, p256dh, created_at from push_subscription where patron_id = ?1 order by created_at, id")
                .setParameter(1, patronId).getResultList();
        return rows.stream().map(r -> new PushSubscriptionExport((UUID) r[0], (String) r[1], (String) r[2], Notices.instant(r[3]))).toList();
    }

    /** What a sender needs: endpoint and keys, if the subscription still exists. */
    record Target(String endpoint, String p256dh, String auth) {
        @Override
        public String toString() {
            return "Target[...]"; // never the endpoint
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Optional<Target> target(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select endpoint, p256dh, auth from push_subscription where id = ?1")
                .setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(r -> new Target((String) r[0], (String) r[1], (String) r[2]));
    }

    private long count(UUID patronId) {
        return ((Number) em.createNativeQuery("select count(*) from push_subscription where patron_id = ?1")
                .setParameter(1, patronId).getSingleResult()).longValue();
    }
}
