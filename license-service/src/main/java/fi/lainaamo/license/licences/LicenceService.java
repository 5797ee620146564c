package fi.lainaamo.license.licences;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LicenceAdded;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Adds and reads licences; every addition changes the publication's availability. */
@ApplicationScoped
public class LicenceService {

    @Inject
    Availability availability;

    @Inject
    Outbox outbox;

    @Transactional
    public LicenceView add(NewLicence terms) {
        availability.lock(terms.publicationId());
        Licence licence = new Licence();
        licence.id = UUID.randomUUID();
        licence.publicationId = terms.publicationId();
        licence.concurrency = terms.concurrency();
        licence.checkoutsTotal = terms.checkouts();
        licence.checkoutsLeft = terms.checkouts();
        licence.expires = terms.expires();
        licence.maxLoanDays = terms.maxLoanDays();
        licence.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        licence.persist();
        outbox.record(EventTypes.LICENCE_ADDED, licence.id, licence.publicationId,
                new LicenceAdded(licence.id, licence.publicationId, licence.concurrency, licence.checkoutsTotal,
                        licence.expires, licence.maxLoanDays));
        availability.changed(licence.publicationId);
        return LicenceView.of(licence);
    }

    @Transactional
    public LicenceView get(UUID id) {
        Licence licence = Licence.findById(id);
        if (licence == null) {
            throw ProblemException.notFound("licence-not-found", id);
        }
        return LicenceView.of(licence);
    }

    @Transactional
    public List<LicenceView> forPublication(UUID publicationId) {
        return Licence.forPublication(publicationId).stream().map(LicenceView::of).toList();
    }
}
