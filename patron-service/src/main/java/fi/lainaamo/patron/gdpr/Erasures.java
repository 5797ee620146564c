package fi.lainaamo.patron.gdpr;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The erasure log: when a patron asked to be erased and when each service that held their data confirmed. It keeps
 * only the erasure id and times, not the patron id, so the log itself names no one once the patron is gone.
 */
@ApplicationScoped
public class Erasures {

    @Inject
    EntityManager em;

    /** The services that must confirm before an erasure is complete. */
    @ConfigProperty(name = "lainaamo.erasure.services", defaultValue = "loan-service")
    List<String> expectedServices;

    public record Requested(UUID erasureId, Instant requestedAt) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Requested start(UUID patronId) {
        Requested requested = new Requested(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        em.createNativeQuery("insert into erasure (id, requested_at) values (?1, ?2)")
                .setParameter(1, requested.erasureId())
                .setParameter(2, Timestamp.from(requested.requestedAt()))
                .executeUpdate();
        return requested;
    }

    /** Records a service's confirmation; the erasure completes when every expected service has confirmed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean confirmed(UUID erasureId, String service, Instant at) {
        int known = em.createNativeQuery("insert into erasure_confirmation (erasure_id, service, confirmed_at) "
                        + "select id, ?2, ?3 from erasure where id = ?1 on conflict do nothing")
                .setParameter(1, erasureId)
                .setParameter(2, service)
                .setParameter(3, Timestamp.from(at == null ? Instant.now() : at))
                .executeUpdate();
        em.createNativeQuery("update erasure set completed_at = now() where id = ?1 and completed_at is null "
                        + "and (select count(distinct service) from erasure_confirmation where erasure_id = ?1 and service in (?2)) = ?3")
                .setParameter(1, erasureId)
                .setParameter(2, expectedServices)
                .setParameter(3, (long) expectedServices.size())
                .executeUpdate();
        return known == 1;
    }

    /** An erasure and how far it has got. */
    public record ErasureStatus(UUID erasureId, Instant requestedAt, @Schema(nullable = true) Instant completedAt, Map<String, Instant> confirmedBy,
                                List<String> waitingFor) {
    }

    /** Erasures in the order they were asked for; only the incomplete ones when {@code pendingOnly}. */
    @Transactional
    public List<ErasureStatus> list(boolean pendingOnly, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select e.id, e.requested_at, e.completed_at, c.service, c.confirmed_at from "
                        + "(select * from erasure " + (pendingOnly ? "where completed_at is null " : "") + "order by requested_at, id limit ?1) e "
                        + "left join erasure_confirmation c on c.erasure_id = e.id order by e.requested_at, e.id, c.service")
                .setParameter(1, limit)
                .getResultList();
        Map<UUID, ErasureStatus> byId = new LinkedHashMap<>();
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            ErasureStatus status = byId.computeIfAbsent(id, k -> new ErasureStatus(k, instant(row[1]), instant(row[2]),
                    new LinkedHashMap<>(), new ArrayList<>()));
            if (row[3] != null) {
                status.confirmedBy().put((String) row[3], instant(row[4]));
            }
        }
        byId.values().forEach(s -> expectedServices.stream().filter(x -> !s.confirmedBy().containsKey(x)).forEach(s.waitingFor()::add));
        return List.copyOf(byId.values());
    }

    static Instant instant(Object value) {
        return fi.lainaamo.platform.persistence.SqlTimestamps.instant(value);
    }
}
