package fi.lainaamo.license.checkouts;

import fi.lainaamo.license.licences.Availability;
import fi.lainaamo.license.licences.Licence;
import fi.lainaamo.license.seats.Seat;
import fi.lainaamo.license.seats.SeatService;
import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Checks loans out at their distributor without holding a connection or a lock while it waits: the seat and a
 * pending checkout commit first; the distributor is called with no transaction open; then the checkout is settled
 * in a short transaction of its own — active with the status document's links, or refused and the seat given back.
 * A seat released for any reason marks its checkout to be returned (or undone), which {@link DistributorReturns}
 * carries out right after the commit, and again until the distributor confirms it.
 */
@ApplicationScoped
public class CheckoutService {

    private static final Logger LOG = Logger.getLogger(CheckoutService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    DistributorClient distributors;

    @Inject
    Pseudonyms pseudonyms;

    @Inject
    SeatService seats;

    @Inject
    Availability availability;

    @Inject
    DistributorReturns returns;

    @Inject
    jakarta.enterprise.event.Event<ReturnDue> returnDue;

    @ConfigProperty(name = "lainaamo.lcp.hint")
    String hint;

    @ConfigProperty(name = "lainaamo.lcp.hint-url")
    String hintUrl;

    /** Records the checkout to make, in the seat's own transaction (before any call to the distributor). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void begin(Seat seat, Licence licence, UUID patronId) {
        begin(seat.holderId, licence, patronId, seat.loanUntil, seat.reservedAt, null, null);
    }

    /**
     * Records the checkout of a ready hold's copy: the hold keeps its seat until the distributor accepts, when the
     * seat becomes the loan's ({@link SeatService#lendHeldSeat}); a refusal leaves the hold as it was.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void beginForHold(UUID loanId, UUID holdId, String municipality, Licence licence, UUID patronId, Instant loanUntil,
                             Instant now) {
        begin(loanId, licence, patronId, loanUntil, now, holdId, municipality);
    }

    private void begin(UUID holderId, Licence licence, UUID patronId, Instant expires, Instant now, UUID holdId, String municipality) {
        Checkout checkout = new Checkout();
        checkout.holdId = holdId;
        checkout.municipality = municipality;
        checkout.holderId = holderId;
        checkout.licenceId = licence.id;
        checkout.publicationId = licence.publicationId;
        checkout.distributor = licence.distributor;
        checkout.checkoutId = UUID.randomUUID();
        checkout.patronRef = pseudonyms.patronAt(licence.distributor, patronId);
        checkout.expires = expires;
        checkout.state = Checkout.PENDING;
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        checkout.notificationToken = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        checkout.createdAt = now;
        checkout.updatedAt = now;
        checkout.persist();
    }

    /**
     * Calls the distributor for the seat's pending checkout, if it has one, and settles it. Refusals become a 409
     * problem with a stable code and the seat is given back; no answer becomes a 503 and the checkout stays pending
     * (the seat sweep and the return job settle it).
     *
     * <p>A distributor says "unavailable" both when it withdrew the licence and when every copy is out, and a copy of
     * ours may still be out there: returned here, its return not yet carried (or carried while this checkout was on
     * its way). So before an "unavailable" counts as a withdrawal, the licence's returns still to do are carried now
     * ({@link DistributorReturns#settleReturnsOf}); if there were any, the checkout is asked once more (the same
     * checkout_id: a refused one made nothing). Refused again, the licence is marked unavailable only when none of
     * its returns is still pending; otherwise only this borrow is refused (409 distributor-no-copy).
     */
    public void complete(UUID holderId, UUID patronId) {
        Checkout checkout = QuarkusTransaction.requiringNew().call(() -> Checkout.<Checkout>findById(holderId));
        if (checkout == null || !Checkout.PENDING.equals(checkout.state)) {
            return;
        }
        Licence licence = checkout.licence();
        Instant asked = Instant.now();
        DistributorClient.Answer answer = checkOut(licence, checkout, patronId);
        boolean returnsPending = false;
        if (answer instanceof DistributorClient.Refused refused && refused.unavailable()
                && returns.settleReturnsOf(checkout.licenceId, asked)) {
            answer = checkOut(licence, checkout, patronId);
            returnsPending = answer instanceof DistributorClient.Refused again && again.unavailable()
                    && returns.returnsPendingOf(checkout.licenceId);
        }
        if (answer instanceof DistributorClient.Checked checked) {
            QuarkusTransaction.requiringNew().run(() -> activate(holderId, checked));
        } else if (answer instanceof DistributorClient.Refused refused) {
            boolean withdrawn = !returnsPending;
            QuarkusTransaction.requiringNew().run(() -> refuse(holderId, refused, withdrawn));
            throw ProblemException.conflict(refusalCode(refused), licence.publicationId);
        } else {
            String why = ((DistributorClient.Unreachable) answer).why();
            QuarkusTransaction.requiringNew().run(() -> noAnswer(holderId, why));
            LOG.warnf("checkout %s at %s got no answer (%s); it stays pending", checkout.checkoutId, checkout.distributor, why);
            throw new ProblemException(503, "distributor-unavailable");
        }
    }

    private DistributorClient.Answer checkOut(Licence licence, Checkout checkout, UUID patronId) {
        return distributors.checkout(licence.checkoutUrl, DistributorClient.parameters(
                licence.distributorLicenceId, checkout.checkoutId.toString(), checkout.patronRef,
                checkout.expires.truncatedTo(ChronoUnit.SECONDS).toString(),
                publicUrl() + "/v1/distributor-notifications/" + checkout.notificationToken,
                patronId == null ? null : pseudonyms.passphrase(patronId), hint, hintUrl));
    }

    /**
     * license-service as distributors reach it: notification_url is built on it. Read when needed, because a test
     * instance learns its own port only once it listens.
     */
    static String publicUrl() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("lainaamo.public-url", String.class)
                .replaceAll("/+$", "");
    }

    /** The code a patron sees when the distributor says no. */
    static String refusalCode(DistributorClient.Refused refused) {
        if (refused.unavailable()) {
            return "distributor-no-copy";
        }
        if (refused.expired()) {
            return "distributor-licence-expired";
        }
        return "distributor-refused";
    }

    private void activate(UUID holderId, DistributorClient.Checked checked) {
        // not locked here: a hold's loan takes the title's lock below, and a release takes it before this row
        Checkout checkout = Checkout.findById(holderId);
        if (!Checkout.PENDING.equals(checkout.state)) {
            // the seat went back while the distributor answered: the undo, under way at once, returns what it made
            return;
        }
        if (checkout.holdId != null && Seat.findById(holderId) == null
                && !seats.lendHeldSeat(checkout.holdId, holderId, checkout.municipality, checkout.expires)) {
            // the hold's time ran out while the distributor answered: its copy is gone, so the checkout goes back
            checkout.state = Checkout.RETURN_PENDING;
            checkout.statusUrl = checked.link("self").orElse(checkout.statusUrl);
            checkout.returnUrl = checked.link("return").orElse(null);
            checkout.updatedAt = Instant.now();
            returnDue.fire(new ReturnDue(holderId));
            return;
        }
        checkout.state = Checkout.ACTIVE;
        checkout.statusUrl = checked.link("self").orElse(checkout.statusUrl);
        checkout.licenceUrl = checked.link("license").orElse(null);
        checkout.returnUrl = checked.link("return").orElse(null);
        checkout.renewUrl = checked.link("renew").orElse(null);
        checkout.manifestUrl = checked.linkOfType(fi.lainaamo.license.seats.Fulfilment.AUDIOBOOK_MANIFEST).orElse(null);
        checkout.updatedAt = Instant.now();
        checkout.lastError = null;
    }

    /** {@code withdrawn}: whether an "unavailable" may mark the licence unavailable (no return of it is pending). */
    private void refuse(UUID holderId, DistributorClient.Refused refused, boolean withdrawn) {
        Checkout checkout = Checkout.findById(holderId);
        checkout.state = Checkout.REFUSED;
        checkout.lastError = "HTTP " + refused.httpStatus() + " " + refused.type();
        checkout.updatedAt = Instant.now();
        if (refused.expired() || refused.unavailable() && withdrawn) {
            // the title's lock before the licence is read: a licence read before it carries the seat counts of that
            // moment, and writing it back would undo a borrow or return committed while this waited for the lock
            availability.lock(checkout.publicationId);
            Licence licence = Licence.findById(checkout.licenceId);
            licence.markUnavailable(refused.expired() ? "distributor-expired" : Licence.BY_DISTRIBUTOR);
        }
        seats.release(holderId, "distributor-refused");
    }

    private void noAnswer(UUID holderId, String why) {
        Checkout checkout = Checkout.findById(holderId);
        checkout.attempts++;
        checkout.lastError = why;
        checkout.updatedAt = Instant.now();
    }

    /**
     * Renews a distributor's loan until {@code until}: the distributor's renew link, with no transaction open while
     * it answers. Returns the new end the distributor granted; a loan of ours (not a distributor's) needs nothing.
     */
    public java.util.Optional<Instant> renew(UUID holderId, Instant until) {
        Checkout checkout = QuarkusTransaction.requiringNew().call(() -> Checkout.<Checkout>findById(holderId));
        if (checkout == null) {
            return java.util.Optional.empty();
        }
        if (!Checkout.ACTIVE.equals(checkout.state) || checkout.renewUrl == null) {
            throw ProblemException.conflict("distributor-renewal-not-offered", holderId);
        }
        DistributorClient.Answer answer = distributors.renew(checkout.renewUrl, until.truncatedTo(ChronoUnit.SECONDS).toString());
        if (answer instanceof DistributorClient.Checked checked) {
            Instant end = readEnd(checked, until);
            QuarkusTransaction.requiringNew().run(() -> {
                Checkout c = Checkout.findById(holderId);
                c.expires = end;
                c.renewUrl = checked.link("renew").orElse(null);
                c.updatedAt = Instant.now();
                Seat seat = Seat.findById(holderId);
                seat.loanUntil = end;
            });
            return java.util.Optional.of(end);
        }
        if (answer instanceof DistributorClient.Refused) {
            throw ProblemException.conflict("distributor-renewal-refused", holderId);
        }
        throw new ProblemException(503, "distributor-unavailable");
    }

    private static Instant readEnd(DistributorClient.Checked checked, Instant asked) {
        try {
            String end = checked.status().path("potential_rights").path("end").asText(null);
            return end == null ? asked : java.time.OffsetDateTime.parse(end).toInstant();
        } catch (java.time.format.DateTimeParseException unreadable) {
            return asked;
        }
    }

    /**
     * The seat is being released (same transaction): what the distributor holds must be returned or undone, which
     * {@link DistributorReturns} starts as soon as this transaction commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void seatReleased(UUID holderId) {
        Checkout checkout = Checkout.findById(holderId);
        if (checkout == null) {
            return;
        }
        if (Checkout.ACTIVE.equals(checkout.state)) {
            checkout.state = Checkout.RETURN_PENDING;
        } else if (Checkout.PENDING.equals(checkout.state)) {
            checkout.state = Checkout.UNDO_PENDING;
        } else {
            return;
        }
        checkout.updatedAt = Instant.now();
        checkout.retryAt = null;
        returnDue.fire(new ReturnDue(holderId)); // carried to the distributor once this commits
    }
}
