package fi.lainaamo.report.licences;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LicenceAdded;
import fi.lainaamo.events.LicenceConsumed;
import fi.lainaamo.events.LicenceExhausted;
import fi.lainaamo.events.LicenceExpired;
import fi.lainaamo.events.LicenceReleased;
import fi.lainaamo.events.LicenceUpdated;
import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import fi.lainaamo.report.ReportDays;
import fi.lainaamo.report.rebuild.ProjectionGate;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * license-service's licence events as the licence dimension and consumption per day and licence. The events carry
 * neither the distributor nor a price, so cost per loan cannot be reported from them yet (README, "Reports").
 */
@ApplicationScoped
public class LicenceEvents implements EventHandler {

    private static final Set<String> HANDLED = Set.of(EventTypes.LICENCE_ADDED, EventTypes.LICENCE_UPDATED, EventTypes.LICENCE_CONSUMED,
            EventTypes.LICENCE_RELEASED, EventTypes.LICENCE_EXHAUSTED, EventTypes.LICENCE_EXPIRED);

    @Inject
    ProcessedEvents processed;

    @Inject
    EventIntake intake;

    @Inject
    ProjectionGate gate;

    @Inject
    EntityManager em;

    @Incoming("licence-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        gate.through(() -> intake.acceptAll(this, records));
    }

    @Override
    public String channel() {
        return "licence-events";
    }

    @Override
    public boolean handles(String type) {
        return HANDLED.contains(type); // availability, seat grants and feeds are not usage
    }

    @Override
    public void apply(ReceivedEvent event) {
        switch (event.type()) {
            case EventTypes.LICENCE_ADDED -> {
                LicenceAdded added = processed.data(event, LicenceAdded.class);
                em.createNativeQuery("insert into licence (licence_id, publication_id, concurrency, checkouts, checkouts_left, expires, status) "
                                + "values (?1, ?2, ?3, ?4, ?4, ?5, 'available') on conflict (licence_id) do update set "
                                + "publication_id = excluded.publication_id, concurrency = excluded.concurrency, checkouts = excluded.checkouts, "
                                + "expires = excluded.expires")
                        .setParameter(1, added.licenceId()).setParameter(2, added.publicationId()).setParameter(3, added.concurrency())
                        .setParameter(4, added.checkouts()).setParameter(5, added.expires()).executeUpdate();
            }
            case EventTypes.LICENCE_UPDATED -> {
                LicenceUpdated updated = processed.data(event, LicenceUpdated.class);
                licence(updated.licenceId(), updated.publicationId());
                em.createNativeQuery("update licence set status = coalesce(?2, status), concurrency = coalesce(?3, concurrency), "
                                + "checkouts_left = coalesce(?4, checkouts_left), expires = coalesce(?5, expires) where licence_id = ?1")
                        .setParameter(1, updated.licenceId()).setParameter(2, updated.status()).setParameter(3, updated.concurrency())
                        .setParameter(4, updated.checkoutsLeft()).setParameter(5, updated.expires()).executeUpdate();
            }
            case EventTypes.LICENCE_CONSUMED -> {
                LicenceConsumed consumed = processed.data(event, LicenceConsumed.class);
                count(consumed.at(), consumed.licenceId(), consumed.publicationId(), "consumed");
                if (consumed.checkoutsLeft() != null) {
                    licence(consumed.licenceId(), consumed.publicationId());
                    em.createNativeQuery("update licence set checkouts_left = ?2 where licence_id = ?1")
                            .setParameter(1, consumed.licenceId()).setParameter(2, consumed.checkoutsLeft()).executeUpdate();
                }
            }
            case EventTypes.LICENCE_RELEASED -> {
                LicenceReleased released = processed.data(event, LicenceReleased.class);
                count(released.at(), released.licenceId(), released.publicationId(), "released");
            }
            case EventTypes.LICENCE_EXHAUSTED -> {
                LicenceExhausted exhausted = processed.data(event, LicenceExhausted.class);
                status(exhausted.licenceId(), exhausted.publicationId(), "exhausted");
            }
            case EventTypes.LICENCE_EXPIRED -> {
                LicenceExpired expired = processed.data(event, LicenceExpired.class);
                status(expired.licenceId(), expired.publicationId(), "expired");
            }
            default -> throw new IllegalStateException("unexpected " + event.type());
        }
    }

    private void licence(UUID licenceId, UUID publicationId) {
        em.createNativeQuery("insert into licence (licence_id, publication_id) values (?1, ?2) on conflict (licence_id) do nothing")
                .setParameter(1, licenceId).setParameter(2, publicationId).executeUpdate();
    }

    private void status(UUID licenceId, UUID publicationId, String status) {
        licence(licenceId, publicationId);
        em.createNativeQuery("update licence set status = ?2 where licence_id = ?1")
                .setParameter(1, licenceId).setParameter(2, status).executeUpdate();
    }

    /** Adds one to the day's consumed or released count (the column is one of two constants, never input). */
    private void count(Instant at, UUID licenceId, UUID publicationId, String column) {
        if (at == null) {
            return;
        }
        em.createNativeQuery("insert into licence_day (day, licence_id, publication_id, " + column + ") values (?1, ?2, ?3, 1) "
                        + "on conflict (day, licence_id) do update set " + column + " = licence_day." + column + " + 1")
                .setParameter(1, ReportDays.day(at)).setParameter(2, licenceId).setParameter(3, publicationId).executeUpdate();
    }
}
