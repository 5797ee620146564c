package fi.lainaamo.license.checkouts;

import fi.lainaamo.license.licences.Licence;
import fi.lainaamo.license.seats.Seat;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the distributor agree with us, until it does: a returned loan is returned there (PUT of its return link); a
 * checkout whose seat went back before it was settled is undone (the same checkout_id again tells whether the
 * distributor made it, and if so it is returned); a checkout left pending by a crash is finished while its seat is
 * held. A patron never holds a loan the distributor does not know, and the distributor never holds one we forgot.
 *
 * <p>A return goes out as soon as the transaction that made it due commits ({@link ReturnDue}), so a copy is free at
 * the distributor again within one call, and several go side by side ({@code lainaamo.distributors.return-concurrency}).
 * Each checkout is claimed first in a short transaction ({@code for update skip locked}, then {@code claimed_until}),
 * and the distributor is called with no transaction open: two workers, here or in another instance, never carry the
 * same one at once. A call that gets no answer is left to the sweep ({@code settle-every}), which also finds what a
 * crash or restart left behind.
 */
@ApplicationScoped
public class DistributorReturns {

    private static final Logger LOG = Logger.getLogger(DistributorReturns.class);
    private static final String DUE = "(state in ('return-pending', 'undo-pending') or (state = 'pending' and updated_at < ?1))";
    private static final String RETURNS_OF_LICENCE = "state in ('return-pending', 'undo-pending') and licence_id = ?1";

    @Inject
    DistributorClient distributors;

    @Inject
    CheckoutService checkouts;

    @Inject
    fi.lainaamo.license.imports.DistributorConfig config;

    private final AtomicBoolean runPending = new AtomicBoolean();
    private final AtomicBoolean sweepPending = new AtomicBoolean();
    private ExecutorService claimer;
    private ExecutorService callers;
    /** Free callers: the claimer takes no more checkouts than it can carry at once. */
    private Semaphore free;

    @PostConstruct
    void start() {
        int concurrency = Math.max(1, config.returnConcurrency());
        AtomicInteger n = new AtomicInteger();
        claimer = Executors.newSingleThreadExecutor(r -> new Thread(r, "distributor-returns"));
        callers = Executors.newFixedThreadPool(concurrency, r -> new Thread(r, "distributor-return-" + n.incrementAndGet()));
        free = new Semaphore(concurrency);
    }

    /** Before the datasource goes: calls under way are cut short, and their outcome recorded while it still can be. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        claimer.shutdownNow();
        callers.shutdownNow();
        // a claim whose outcome could not be recorded lapses by itself (claimed_until); any instance takes it over
        callers.awaitTermination(5, TimeUnit.SECONDS);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReturnDue due) {
        wakeUp();
    }

    /** The safety net: tries again what failed and finds what a crash or restart left behind. */
    @Scheduled(identity = "distributor-returns-sweep", every = "${lainaamo.distributors.settle-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void settle() {
        sweepPending.set(true);
        wakeUp();
    }

    /** Asks for a run; runs asked for while one is queued collapse into it. */
    public void wakeUp() {
        if (runPending.compareAndSet(false, true)) {
            try {
                claimer.execute(this::run);
            } catch (RejectedExecutionException stopping) {
                runPending.set(false);
            }
        }
    }

    /** Claims what is due, as many as there are free callers, and hands each to one, until nothing is left. */
    private void run() {
        runPending.set(false);
        // a sweep also takes what failed before it started, not what fails while it runs
        Instant retryUpTo = sweepPending.getAndSet(false) ? Instant.now().plus(config.settleEvery()) : null;
        try {
            while (true) {
                free.acquire();
                int slots = 1 + free.drainPermits();
                List<Checkout> claimed = List.of();
                try {
                    Instant now = Instant.now();
                    claimed = claim(DUE, now.minus(config.settlePendingAfter()), retryUpTo == null ? now : retryUpTo, slots);
                } finally {
                    free.release(slots - claimed.size()); // one stays taken per checkout handed to a caller
                }
                if (claimed.isEmpty()) {
                    return;
                }
                for (int i = 0; i < claimed.size(); i++) {
                    Checkout checkout = claimed.get(i);
                    try {
                        callers.execute(() -> {
                            try {
                                settleClaimed(checkout);
                            } finally {
                                free.release();
                            }
                        });
                    } catch (RejectedExecutionException stopping) {
                        free.release(claimed.size() - i);
                        return;
                    }
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("distributor returns: claiming failed, the sweep tries again: %s", e.getMessage());
        }
    }

    /**
     * For a borrow the distributor refused with "no copy": the licence's returns and undos still to do are carried to
     * the distributor now, in the caller's thread (a failed one included: the patron is waiting), and those another
     * worker is carrying are waited for, at most one call's time, with no transaction open. Answers whether a return of
     * this licence was pending, or was confirmed since {@code asked}: then the refusal may have counted a copy that
     * is ours and on its way back, not a licence the distributor withdrew.
     */
    public boolean settleReturnsOf(UUID licenceId, Instant asked) {
        boolean any = false;
        for (Checkout checkout : claim(RETURNS_OF_LICENCE, licenceId, null, config.returnConcurrency())) {
            any = true;
            settleClaimed(checkout);
        }
        Instant deadline = Instant.now().plus(config.checkoutTimeout());
        while (true) {
            ReturnsOfLicence returns = returnsOf(licenceId, asked);
            any |= returns.pending() > 0 || returns.confirmedSince() > 0;
            if (returns.beingCarried() == 0 || Instant.now().isAfter(deadline)) {
                return any;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return any;
            }
        }
    }

    /** Whether a return or undo of this licence is still to do. */
    public boolean returnsPendingOf(UUID licenceId) {
        return returnsOf(licenceId, Instant.now()).pending() > 0;
    }

    private record ReturnsOfLicence(long pending, long beingCarried, long confirmedSince) {
    }

    private ReturnsOfLicence returnsOf(UUID licenceId, Instant since) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) Checkout.getEntityManager().createNativeQuery("select "
                            + "count(*) filter (where state in ('return-pending', 'undo-pending')), "
                            + "count(*) filter (where state in ('return-pending', 'undo-pending') and claimed_until > ?3), "
                            + "count(*) filter (where state = 'returned' and updated_at >= ?2) "
                            + "from distributor_checkout where licence_id = ?1")
                    .setParameter(1, licenceId).setParameter(2, since).setParameter(3, Instant.now()).getSingleResult();
            return new ReturnsOfLicence(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
        });
    }

    /**
     * Claims up to {@code limit} checkouts matching {@code where} (its parameter ?1 is {@code first}) that nobody is
     * carrying, skipping rows another transaction has locked; with {@code retryUpTo}, only those not waiting to be
     * retried later than that.
     */
    private List<Checkout> claim(String where, Object first, Instant retryUpTo, int limit) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant until = now.plus(claimFor());
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = Checkout.getEntityManager().createNativeQuery("select holder_id from distributor_checkout where "
                            + where + " and (claimed_until is null or claimed_until <= ?2)"
                            + (retryUpTo == null ? "" : " and (retry_at is null or retry_at <= ?3)")
                            + " order by updated_at limit " + limit + " for update skip locked")
                    .setParameter(1, first).setParameter(2, now);
            if (retryUpTo != null) {
                query.setParameter(3, retryUpTo);
            }
            @SuppressWarnings("unchecked")
            List<UUID> ids = query.getResultList();
            if (ids.isEmpty()) {
                return List.<Checkout>of();
            }
            List<Checkout> claimed = Checkout.list("holderId in ?1", ids);
            claimed.forEach(c -> c.claimedUntil = until);
            return claimed;
        });
    }

    /** Longer than any one settling can take (an undo is a checkout and a return, each with its tries). */
    private Duration claimFor() {
        return config.checkoutTimeout().multipliedBy(2L * Math.max(1, config.attempts())).plusSeconds(10);
    }

    private void settleClaimed(Checkout checkout) {
        boolean failed = false;
        try {
            settle(checkout);
        } catch (RuntimeException e) {
            failed = true;
            LOG.warnf("checkout %s at %s not settled yet: %s", checkout.checkoutId, checkout.distributor, e.getMessage());
        } finally {
            release(checkout.holderId, checkout.claimedUntil, failed);
        }
    }

    /** Gives the claim up, unless it lapsed and another worker holds the checkout now. */
    private void release(UUID holderId, Instant claim, boolean failed) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Checkout c = Checkout.findById(holderId, LockModeType.PESSIMISTIC_WRITE);
                if (c != null && claim.equals(c.claimedUntil)) {
                    c.claimedUntil = null;
                    if (failed) {
                        c.retryAt = retryAt();
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("checkout of %s: its claim lapses by itself (%s)", holderId, e.getMessage());
        }
    }

    private Instant retryAt() {
        return Instant.now().plus(config.settleEvery());
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
            // refused (the seat went back) or still no answer (tried again once it is stale again)
        }
    }

    /** The outcome of one call: a new state, or (null) no answer, to be tried again by the sweep. */
    private void record(UUID holderId, String state, String note) {
        QuarkusTransaction.requiringNew().run(() -> {
            Checkout c = Checkout.findById(holderId);
            if (state != null) {
                c.state = state;
                c.retryAt = null;
            } else {
                c.attempts++;
                c.retryAt = retryAt();
            }
            c.lastError = note;
            c.updatedAt = Instant.now();
        });
    }
}
