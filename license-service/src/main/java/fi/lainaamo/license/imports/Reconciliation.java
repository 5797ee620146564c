package fi.lainaamo.license.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.license.licences.Availability;
import fi.lainaamo.license.licences.Licence;
import fi.lainaamo.license.licences.LicenceService;
import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Locale;
import java.util.UUID;

/**
 * Brings a licence in line with the distributor's License Info Document (its {@code self} link): the status, and the
 * checkouts left, which the distributor counts too. The document is fetched outside any transaction, and applied only
 * when its {@code identifier} is the licence's.
 */
@ApplicationScoped
public class Reconciliation {

    static final String INFO_MEDIA = "application/vnd.odl.info+json, application/json;q=0.9";

    @Inject
    Distributors distributors;

    @Inject
    LicenceService licences;

    @Inject
    Availability availability;

    @Inject
    EntityManager em;

    /** What the distributor said and whether the licence changed. */
    public record Outcome(
            UUID licenceId,
            @Schema(nullable = true) String distributorStatus,
            @Schema(nullable = true) Integer checkoutsLeft,
            @Schema(nullable = true) Integer checkoutsAvailable,
            String status,
            boolean changed) {
    }

    /** What a License Info Document says, read tolerantly (numbers as strings). */
    record InfoDocument(String identifier, String status, Integer left, Integer available) {

        static InfoDocument read(JsonNode doc) {
            String status = OdlFeed.text(doc.path("status")).map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
            return new InfoDocument(OdlFeed.text(doc.path("identifier")).orElse(null), status,
                    count(doc.path("checkouts").path("left")), count(doc.path("checkouts").path("available")));
        }

        /**
         * Refuses a document that is not about this licence: its {@code identifier} (required by ODL) must be the
         * licence's own. Another licence's counts or status applied here would stop or restart the wrong licence.
         */
        void mustDescribe(String licenceIdentifier) {
            if (identifier == null) {
                throw new ProblemException(502, "info-document-without-identifier", String.valueOf(licenceIdentifier));
            }
            if (!identifier.equals(licenceIdentifier)) {
                throw new ProblemException(502, "info-document-of-other-licence", identifier, String.valueOf(licenceIdentifier));
            }
        }

        private static Integer count(JsonNode node) {
            try {
                java.math.BigDecimal n = OdlFeed.decimal(node, "checkouts");
                return n == null ? null : n.intValue();
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    /** Reads the licence's info document and applies it; a document about another licence changes nothing (502). */
    public Outcome reconcile(UUID licenceId) {
        Licence known = QuarkusTransaction.requiringNew().call(() -> {
            Licence licence = Licence.findById(licenceId);
            if (licence == null) {
                throw ProblemException.notFound("licence-not-found", licenceId);
            }
            if (licence.infoUrl == null) {
                throw ProblemException.conflict("licence-not-reconcilable", licenceId);
            }
            return licence;
        });
        InfoDocument doc = fetch(known.infoUrl);
        doc.mustDescribe(known.distributorLicenceId);
        return applyDocument(licenceId, doc);
    }

    /** Fetches and reads a License Info Document (no transaction open: the distributor may be slow). */
    InfoDocument fetch(String infoUrl) {
        InfoDocument doc = InfoDocument.read(distributors.fetch(infoUrl, INFO_MEDIA));
        if (doc.status() == null && doc.left() == null) {
            throw new ProblemException(502, "distributor-bad-document", java.net.URI.create(infoUrl).getHost());
        }
        return doc;
    }

    /** Applies a document already fetched and checked to be this licence's, in a transaction of its own. */
    Outcome applyDocument(UUID licenceId, InfoDocument doc) {
        return QuarkusTransaction.requiringNew().call(() -> apply(licenceId, doc));
    }

    private Outcome apply(UUID licenceId, InfoDocument doc) {
        Licence licence = Licence.findById(licenceId);
        availability.lock(licence.publicationId);
        em.refresh(licence);
        boolean wasExhausted = licence.isExhausted();
        boolean changed = false;
        String said = doc.status() == null ? "" : doc.status();
        if (said.equals("available") && Licence.BY_DISTRIBUTOR.equals(licence.unavailableReason)) {
            licence.markUnavailable(null);
            changed = true;
        } else if ((said.equals("unavailable") || said.equals("preorder")) && !licence.isUnavailable()) {
            licence.markUnavailable(Licence.BY_DISTRIBUTOR);
            changed = true;
        }
        if (doc.left() != null && licence.isMetered()) {
            int left = Math.max(0, Math.min(doc.left(), licence.checkoutsTotal));
            if (!Integer.valueOf(left).equals(licence.checkoutsLeft)) {
                licence.checkoutsLeft = left;
                changed = true;
            }
        }
        if (changed) {
            licences.updated(licence, !wasExhausted && licence.isExhausted());
        }
        return new Outcome(licence.id, doc.status(), doc.left(), doc.available(),
                licence.statusAt(java.time.Instant.now()), changed);
    }
}
