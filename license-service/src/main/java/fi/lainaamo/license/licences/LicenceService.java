package fi.lainaamo.license.licences;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LicenceAdded;
import fi.lainaamo.events.LicenceExhausted;
import fi.lainaamo.events.LicenceExpired;
import fi.lainaamo.events.LicenceUpdated;
import fi.lainaamo.license.publications.KnownPublications;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Adds, changes and reads licences; every change of seats or status changes the publication's availability. */
@ApplicationScoped
public class LicenceService {

    /** The most rows a list answers with. */
    public static final int MAX_PAGE = 500;

    @Inject
    Availability availability;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Inject
    KnownPublications publications;

    /** Adds a licence bought by hand; only for a publication the catalogue knows (422 unknown-publication, nothing stored). */
    @Transactional
    public LicenceView add(NewLicence terms) {
        if (!publications.isKnown(terms.publicationId())) {
            throw new ProblemException(422, "unknown-publication", terms.publicationId());
        }
        availability.lock(terms.publicationId());
        Licence licence = new Licence();
        licence.id = UUID.randomUUID();
        licence.publicationId = terms.publicationId();
        licence.concurrency = terms.concurrency();
        licence.checkoutsTotal = terms.checkouts();
        licence.checkoutsLeft = terms.checkouts();
        licence.expires = terms.expires();
        licence.maxLoanDays = terms.maxLoanDays();
        licence.price = terms.price();
        licence.currency = terms.currency();
        licence.distributor = terms.distributor();
        licence.distributorLicenceId = terms.distributorLicenceId();
        licence.format = terms.format() == null ? null : terms.format().name();
        licence.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        added(licence);
        return LicenceView.of(licence, 0);
    }

    /** Persists a new licence and records its events; the caller holds the publication's lock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void added(Licence licence) {
        licence.persist();
        outbox.record(EventTypes.LICENCE_ADDED, licence.id, licence.publicationId,
                new LicenceAdded(licence.id, licence.publicationId, licence.concurrency == null ? 0 : licence.concurrency,
                        licence.checkoutsTotal, licence.expires, licence.maxLoanDays, licence.price, currency(licence),
                        licence.distributor, licence.createdAt));
        availability.changed(licence.publicationId);
    }

    /** Records that a licence's terms or status changed; the caller holds the publication's lock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void updated(Licence licence, boolean becameExhausted) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        licence.updatedAt = now;
        outbox.record(EventTypes.LICENCE_UPDATED, licence.id, licence.publicationId,
                new LicenceUpdated(licence.id, licence.publicationId, licence.statusAt(now), licence.concurrency,
                        licence.checkoutsLeft, licence.expires, licence.checkoutsTotal, licence.price, currency(licence),
                        licence.distributor));
        if (becameExhausted) {
            exhausted(licence, now);
        }
        availability.changed(licence.publicationId);
    }

    /** The price's currency for the events: upper case ISO 4217, and none without a price. */
    private static String currency(Licence licence) {
        return licence.price == null || licence.currency == null ? null : licence.currency.strip().toUpperCase(java.util.Locale.ROOT);
    }

    /** Records that a metered licence has no checkouts left. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void exhausted(Licence licence, Instant at) {
        outbox.record(EventTypes.LICENCE_EXHAUSTED, licence.id, licence.publicationId,
                new LicenceExhausted(licence.id, licence.publicationId, at));
    }

    @Transactional
    public LicenceView get(UUID id) {
        Licence licence = Licence.findById(id);
        if (licence == null) {
            throw ProblemException.notFound("licence-not-found", id);
        }
        return views(List.of(licence)).get(0);
    }

    @Transactional
    public List<LicenceView> forPublication(UUID publicationId) {
        return views(Licence.forPublication(publicationId));
    }

    /** Licences that expire between now and now + within, soonest first. */
    @Transactional
    public List<LicenceView> expiring(Duration within, int offset, int limit) {
        Instant now = Instant.now();
        return views(Licence.<Licence>find("expires > ?1 and expires <= ?2 order by expires, id", now, now.plus(within))
                .range(offset, offset + limit - 1).list());
    }

    /** Metered licences still in force with at most {@code atMost} checkouts left, fewest first. */
    @Transactional
    public List<LicenceView> nearlyExhausted(int atMost, int offset, int limit) {
        return views(Licence.find("checkoutsLeft is not null and checkoutsLeft <= ?1 and (expires is null or expires > ?2)"
                        + " order by checkoutsLeft, id", atMost, Instant.now())
                .range(offset, offset + limit - 1).list());
    }

    /** Licences whose expiry has passed and has not yet been announced. */
    @Transactional
    public List<UUID> expiredUnannounced(Instant now) {
        return Licence.<Licence>find("expires <= ?1 and expiredAnnouncedAt is null order by expires, id", now)
                .page(0, MAX_PAGE).list().stream().map(l -> l.id).toList();
    }

    /** Announces a licence's expiry once: licence expired and availability changed, under the publication's lock. */
    @Transactional
    public boolean announceExpiry(UUID licenceId) {
        Licence licence = Licence.findById(licenceId);
        if (licence == null) {
            return false;
        }
        availability.lock(licence.publicationId);
        em.refresh(licence);
        Instant now = Instant.now();
        if (licence.expiredAnnouncedAt != null || !licence.isExpired(now)) {
            return false;
        }
        licence.expiredAnnouncedAt = now;
        outbox.record(EventTypes.LICENCE_EXPIRED, licence.id, licence.publicationId,
                new LicenceExpired(licence.id, licence.publicationId, licence.expires));
        availability.changed(licence.publicationId);
        return true;
    }

    private List<LicenceView> views(List<Licence> licences) {
        if (licences.isEmpty()) {
            return List.of();
        }
        Map<UUID, Long> loans = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select licence_id, count(*) from consumption where kind = 'CONSUMED' and licence_id in (:ids) group by licence_id")
                .setParameter("ids", licences.stream().map(l -> l.id).toList()).getResultList();
        for (Object[] row : rows) {
            loans.put((UUID) row[0], ((Number) row[1]).longValue());
        }
        return licences.stream().map(l -> LicenceView.of(l, loans.getOrDefault(l.id, 0L))).toList();
    }
}
