package fi.lainaamo.license.checkouts;

import fi.lainaamo.license.licences.Licence;
import fi.lainaamo.license.seats.Seat;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Makes the distributor agree with us, until it does: a returned loan is returned there (PUT of its return link); a
 * checkout whose seat went back before it was settled is undone (the same checkout_id again tells whether the
 * distributor made it, and if so it is returned); a checkout left pending by a crash is finished while its seat is
 * held. A patron never holds a loan the distributor does not know, and the distributor never holds one we forgot.
 */
@ApplicationScoped
public class DistributorReturns {

    private static final Logger LOG = Logger.getLogger(DistributorReturns.class);

    @Inject
    DistributorClient distributors;

    @Inject
    CheckoutService checkouts;

    @Inject
    fi.lainaamo.license.imports.DistributorConfig config;

    @Scheduled(every = "${lainaamo.distributors.settle-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void settle() {
        List<Checkout> due = QuarkusTransaction.requiringNew().call(() -> Checkout.toSettle(Instant.now().minus(config.settlePendingAfter()), 50));
        for (Checkout checkout : due) {
            try {
                settle(checkout);
            } catch (RuntimeException e) {
                LOG.warnf("checkout %s at %s not settled yet: %s", checkout.checkoutId, checkout.distributor, e.getMessage());
            }
        }
    }

    private void settle(Checkout checkout) {
        switch (checkout.state) {
            case Checkout.RETURN_PENDING -> giveBack(checkout);
            case Checkout.UNDO_PENDING -> undo(checkout);
            case Checkout.PENDING -> finishOrUndo(checkout);
            default -> {
                // settled meanwhile
            }
        }
    }

    private void giveBack(Checkout checkout) {
        if (checkout.returnUrl == null) {
            record(checkout.holderId, Checkout.RETURNED, "no return link: the loan ends at the distributor by itself");
            return;
        }
        DistributorClient.Answer answer = distributors.giveBack(checkout.returnUrl);
        if (answer instanceof DistributorClient.Unreachable unreachable) {
            record(checkout.holderId, null, unreachable.why());
        } else {
            // a 4xx here means the distributor no longer has the loan as active (already returned, revoked): settled too
            record(checkout.holderId, Checkout.RETURNED, answer instanceof DistributorClient.Refused r ? "HTTP " + r.httpStatus() : null);
            LOG.infof("checkout %s returned at %s", checkout.checkoutId, checkout.distributor);
        }
    }

    private void undo(Checkout checkout) {
        Licence licence = checkout.licence();
        DistributorClient.Answer answer = distributors.checkout(licence.checkoutUrl, DistributorClient.parameters(
                licence.distributorLicenceId, checkout.checkoutId.toString(), checkout.patronRef,
                checkout.expires.truncatedTo(ChronoUnit.SECONDS).toString(), null, null, null, null));
        if (answer instanceof DistributorClient.Checked checked) {
            String returnUrl = checked.link("return").orElse(null);
            QuarkusTransaction.requiringNew().run(() -> {
                Checkout c = Checkout.findById(checkout.holderId);
                c.returnUrl = returnUrl;
                c.statusUrl = checked.link("self").orElse(c.statusUrl);
                c.state = Checkout.RETURN_PENDING;
                c.updatedAt = Instant.now();
            });
            checkout.returnUrl = returnUrl;
            giveBack(checkout);
        } else if (answer instanceof DistributorClient.Refused refused) {
            // the distributor never made it (or refuses to now): nothing is held there
            record(checkout.holderId, Checkout.ENDED, "HTTP " + refused.httpStatus() + " " + refused.type());
        } else {
            record(checkout.holderId, null, ((DistributorClient.Unreachable) answer).why());
        }
    }

    private void finishOrUndo(Checkout checkout) {
        boolean seatHeld = QuarkusTransaction.requiringNew().call(() -> {
            Seat seat = Seat.findById(checkout.holderId);
            // a ready hold's checkout: its copy is still the hold's seat until the distributor accepts
            Seat hold = checkout.holdId == null ? null : Seat.findById(checkout.holdId);
            return (seat != null && seat.isHeld()) || (seat == null && hold != null && hold.isHeld());
        });
        if (!seatHeld) {
            undo(checkout);
            return;
        }
        try {
            checkouts.complete(checkout.holderId, null);
        } catch (fi.lainaamo.platform.problem.ProblemException settledOtherwise) {
            // refused (the seat went back) or still no answer (tried again next time)
        }
    }

    private void record(UUID holderId, String state, String note) {
        QuarkusTransaction.requiringNew().run(() -> {
            Checkout c = Checkout.findById(holderId);
            if (state != null) {
                c.state = state;
            } else {
                c.attempts++;
            }
            c.lastError = note;
            c.updatedAt = Instant.now();
        });
    }
}
