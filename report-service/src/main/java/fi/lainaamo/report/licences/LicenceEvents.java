package fi.lainaamo.report.licences;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LicenceAdded;
import fi.lainaamo.events.LicenceConsumed;
import fi.lainaamo.events.LicenceExhausted;
import fi.lainaamo.events.LicenceExpired;
import fi.lainaamo.events.LicenceReleased;
import fi.lainaamo.events.LicenceUpdated;
import fi.lainaamo.platform.events.ReceivedEvent;
import fi.lainaamo.report.ReportDays;
import fi.lainaamo.report.Projection;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * license-service's licence events as the licence dimension (terms, status, price, currency, distributor, the day it
 * was added) and consumption per day and licence. Price and distributor are optional in the events: a licence an
 * older producer announced has none, and is left out of cost per loan and spend (README, "Acquisitions").
 */
@ApplicationScoped
public class LicenceEvents extends Projection {

    private static final Set<String> HANDLED = Set.of(EventTypes.LICENCE_ADDED, EventTypes.LICENCE_UPDATED, EventTypes.LICENCE_CONSUMED,
            EventTypes.LICENCE_RELEASED, EventTypes.LICENCE_EXHAUSTED, EventTypes.LICENCE_EXPIRED);

    public LicenceEvents() {
        super("licence-events", HANDLED);
    }

    @Incoming("licence-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        consume(records);
    }

    @Override
    public void apply(ReceivedEvent event) {
        switch (event.type()) {
            case EventTypes.LICENCE_ADDED -> {
                LicenceAdded added = processed.data(event, LicenceAdded.class);
                em.createNativeQuery("insert into licence (licence_id, publication_id, concurrency, checkouts, checkouts_left, expires, status, "
                                + "price_cents, currency, distributor, added_on) "
                                + "values (?1, ?2, ?3, ?4, ?4, ?5, 'available', ?6, ?7, ?8, ?9) on conflict (licence_id) do update set "
                                + "publication_id = excluded.publication_id, concurrency = excluded.concurrency, checkouts = excluded.checkouts, "
                                + "expires = excluded.expires, price_cents = coalesce(excluded.price_cents, licence.price_cents), "
                                + "currency = coalesce(excluded.currency, licence.currency), "
                                + "distributor = coalesce(excluded.distributor, licence.distributor), "
                                + "added_on = coalesce(excluded.added_on, licence.added_on)")
                        .setParameter(1, added.licenceId()).setParameter(2, added.publicationId()).setParameter(3, added.concurrency())
                        .setParameter(4, added.checkouts()).setParameter(5, added.expires())
                        .setParameter(6, cents(added.price(), added.currency())).setParameter(7, currency(added.price(), added.currency()))
                        .setParameter(8, distributor(added.distributor()))
                        .setParameter(9, added.addedAt() == null ? null : ReportDays.day(added.addedAt())).executeUpdate();
            }
            case EventTypes.LICENCE_UPDATED -> {
                LicenceUpdated updated = processed.data(event, LicenceUpdated.class);
                licence(updated.licenceId(), updated.publicationId());
                // optional fields an older producer leaves out are null: they never erase what an earlier event said
                em.createNativeQuery("update licence set status = coalesce(?2, status), concurrency = coalesce(?3, concurrency), "
                                + "checkouts_left = coalesce(?4, checkouts_left), expires = coalesce(?5, expires), "
                                + "checkouts = coalesce(?6, checkouts), price_cents = coalesce(?7, price_cents), "
                                + "currency = coalesce(?8, currency), distributor = coalesce(?9, distributor) where licence_id = ?1")
                        .setParameter(1, updated.licenceId()).setParameter(2, updated.status()).setParameter(3, updated.concurrency())
                        .setParameter(4, updated.checkoutsLeft()).setParameter(5, updated.expires()).setParameter(6, updated.checkouts())
                        .setParameter(7, cents(updated.price(), updated.currency())).setParameter(8, currency(updated.price(), updated.currency()))
                        .setParameter(9, distributor(updated.distributor())).executeUpdate();
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

    /** The price in cents (license-service keeps two decimals; more are rounded half up); null without a currency. */
    static Long cents(BigDecimal price, String currency) {
        if (price == null || currency(price, currency) == null || price.signum() < 0) {
            return null;
        }
        return price.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** An ISO 4217 code, or null: a price in an unknown currency cannot be summed with anything. */
    static String currency(BigDecimal price, String currency) {
        if (price == null || currency == null) {
            return null;
        }
        String code = currency.strip().toUpperCase(Locale.ROOT);
        return code.matches("[A-Z]{3}") ? code : null;
    }

    private static String distributor(String distributor) {
        return distributor == null || distributor.isBlank() ? null : distributor.strip();
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
