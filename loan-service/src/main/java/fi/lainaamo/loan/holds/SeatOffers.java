package fi.lainaamo.loan.holds;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldReady;
import fi.lainaamo.loan.policy.LendingPolicy;
import fi.lainaamo.loan.seats.Seats;
import fi.lainaamo.loan.titles.Title;
import fi.lainaamo.loan.titles.Titles;
import fi.lainaamo.platform.faults.Outages;
import fi.lainaamo.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Gives a title's free seats to the head of its queue as ready holds, with nothing held while license-service keeps
 * a HOLD seat for each (the waiting rule). Whoever learns of a free seat inside a transaction (an availability event,
 * a resumed hold) only notes it on the title; after the commit an offer runs for the title on a worker of its own, so
 * the consumer goes on with the next event. An offer runs in rounds of three steps:
 * <ol>
 *   <li>a short transaction under the title's lock picks the next holds in line for the free seats and marks them
 *   ({@code seat_asked_at}), then commits;</li>
 *   <li>with no transaction open, license-service is asked for a HOLD seat for each (idempotent on the hold id);</li>
 *   <li>a second short transaction under the title's lock makes each hold that got a seat and is still waiting ready
 *   ({@code hold.ready}); a hold that ended meanwhile has its seat given back in the next round; a refusal means no
 *   copy is free after all.</li>
 * </ol>
 * Rounds repeat until nothing more can be offered, which clears the note. The marks keep concurrent offers of one
 * title apart: a marked hold is not picked again and its seat counts as taken, so no more holds become ready than
 * license-service granted seats, and a hold becomes ready once. A crash between the steps leaves the note or a mark
 * behind; the offer sweep (every {@code lainaamo.holds.offer-sweep}) runs noted titles, and an ask older than
 * {@code lainaamo.holds.seat-ask-timeout} is asked again, so a seat taken for a waiting hold is never kept unsettled.
 */
@ApplicationScoped
public class SeatOffers {

    private static final Logger LOG = Logger.getLogger(SeatOffers.class);

    @Inject
    Titles titles;

    @Inject
    HoldService holds;

    @Inject
    Seats seats;

    @Inject
    Outbox outbox;

    @Inject
    LendingPolicy policy;

    @Inject
    EntityManager em;

    @Inject
    Event<Noted> noted;

    /**
     * An ask still unsettled after this long was cut off by a crash (or its answer was lost): it is asked again, and
     * license-service answers the seat it took, if any. Longer than the seat request's connect and read timeouts.
     */
    @ConfigProperty(name = "lainaamo.holds.seat-ask-timeout", defaultValue = "2m")
    Duration seatAskTimeout;

    /** Offers of different titles run side by side; one slow title keeps only its own worker. */
    @ConfigProperty(name = "lainaamo.holds.offer-workers", defaultValue = "4")
    int workers;

    private ExecutorService worker;
    private final Set<UUID> queued = ConcurrentHashMap.newKeySet();

    /** A title was noted in a transaction: its offer runs once that transaction has committed. */
    public record Noted(UUID publicationId) {
    }

    @PostConstruct
    void start() {
        AtomicInteger threads = new AtomicInteger();
        worker = Executors.newFixedThreadPool(workers, r -> new Thread(r, "seat-offers-" + threads.incrementAndGet()));
    }

    void stop(@Observes ShutdownEvent event) {
        // an offer cut off here leaves its note or marks: the sweep of the next start finishes it
        worker.shutdownNow();
    }

    /**
     * Notes in the caller's transaction that the locked title may have a free seat for someone waiting; the offer runs
     * after the commit (nothing is noted when no free copy is known or nobody is next in line).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void note(Title title) {
        LocalDate today = LocalDate.now(HoldService.FINLAND);
        if (!title.knownFreeCopy() || holds.queueOf(title.publicationId).nextInLine(title.seatsFree, today).isEmpty()) {
            return;
        }
        title.offerPending = true;
        noted.fire(new Noted(title.publicationId));
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Noted title) {
        offerSoon(title.publicationId());
    }

    /** Runs an offer for the title on a worker; a request while one is still queued collapses into it. */
    public void offerSoon(UUID publicationId) {
        if (worker.isShutdown() || !queued.add(publicationId)) {
            return;
        }
        try {
            worker.submit(() -> {
                queued.remove(publicationId);
                try {
                    offer(publicationId);
                } catch (RuntimeException e) {
                    LOG.warnf("offer of title %s will be retried by the sweep: %s", publicationId, Outages.summary(e));
                }
            });
        } catch (RuntimeException rejected) {
            queued.remove(publicationId); // shutting down: the note stays for the sweep
        }
    }

    /** Finds what a trigger may have missed (a crash, a restart) and offers it again. */
    @Scheduled(every = "${lainaamo.holds.offer-sweep:5s}", delayed = "${lainaamo.sweep.delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            titlesToOffer(Instant.now().minus(seatAskTimeout)).forEach(this::offerSoon);
        } catch (RuntimeException e) {
            LOG.warnf("offer sweep will retry: %s", Outages.summary(e));
        }
    }

    /** Noted titles, and titles with a seat ask unsettled since before {@code staleBefore}. */
    @Transactional
    public List<UUID> titlesToOffer(Instant staleBefore) {
        return em.createNativeQuery("select publication_id from title where offer_pending union "
                        + "select publication_id from hold where seat_asked_at < ?1", UUID.class)
                .setParameter(1, staleBefore).getResultList();
    }

    /**
     * Offers the title's free seats to its queue, round after round, until nothing more can be offered. Runs outside
     * any transaction: it waits on license-service.
     */
    public void offer(UUID publicationId) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("an offer waits on license-service and must not run inside a transaction");
        }
        while (true) {
            Round round = QuarkusTransaction.requiringNew().call(() -> pick(publicationId));
            if (round.isEmpty()) {
                return;
            }
            List<Answer> answers = ask(round);
            boolean goOn = QuarkusTransaction.requiringNew().call(() -> settle(round, answers));
            if (!goOn) {
                return;
            }
        }
    }

    /** One hold of a round: a seat to ask for, or (the hold has ended) a seat to give back. */
    record Ask(UUID holdId, String municipality, boolean giveBack) {
    }

    /** What step 1 leaves for the others: the holds marked at {@code askedAt}, and the availability it counted on. */
    record Round(UUID publicationId, Instant askedAt, Long availabilityVersion, List<Ask> asks) {
        boolean isEmpty() {
            return asks.isEmpty();
        }
    }

    /** What became of one hold's ask in step 2. */
    enum Outcome {
        /** license-service answered: a seat, or a refusal. */
        ANSWERED,
        /** The seat of an ended hold was given back. */
        GIVEN_BACK,
        /** Not asked: license-service refused or could not be reached for an earlier hold. */
        NOT_ASKED,
        /** license-service could not be reached: whether it holds a seat is unknown. */
        UNREACHED
    }

    /** license-service's answer for one hold, with the end of the ready window that was asked for. */
    record Answer(Ask ask, Outcome outcome, Seats.Answer seat, Instant heldUntil) {
    }

    /**
     * Step 1, under the title's lock: the seats to settle and the holds to ask for, each marked now. Holds already
     * marked count as taking a seat and are not picked again, except that a mark older than the ask timeout is asked
     * again (its offer was cut off), and a marked hold that has ended has its seat given back (first). Nothing to do
     * clears the title's note.
     */
    Round pick(UUID publicationId) {
        Title title = titles.lock(publicationId);
        Instant now = HoldService.now();
        LocalDate today = LocalDate.ofInstant(now, HoldService.FINLAND);
        Instant staleBefore = now.minus(seatAskTimeout);
        List<Hold> marked = Hold.list("publicationId = ?1 and seatAskedAt is not null", publicationId);
        List<Hold> giveBack = new ArrayList<>();
        List<Hold> ask = new ArrayList<>();
        for (Hold hold : marked) {
            if (hold.state == Hold.State.READY) {
                hold.seatAskedAt = null; // made ready by another offer, with the same seat
            } else if (hold.state != Hold.State.WAITING) {
                giveBack.add(hold);
            } else if (hold.seatAskedAt.isBefore(staleBefore)) {
                ask.add(hold);
            }
        }
        if (title.knownFreeCopy()) {
            int free = title.seatsFree - (int) marked.stream().filter(h -> h.state != Hold.State.READY).count();
            Set<UUID> beingOffered = marked.stream().map(h -> h.id).collect(Collectors.toSet());
            for (HoldQueue.Place place : holds.queueOf(publicationId).nextInLine(free, today, beingOffered)) {
                ask.add(Hold.findById(place.holdId()));
            }
        }
        List<Ask> asks = new ArrayList<>();
        giveBack.forEach(hold -> asks.add(new Ask(hold.id, hold.municipality, true)));
        ask.forEach(hold -> asks.add(new Ask(hold.id, hold.municipality, false)));
        giveBack.forEach(hold -> hold.seatAskedAt = now);
        ask.forEach(hold -> hold.seatAskedAt = now);
        if (asks.isEmpty()) {
            title.offerPending = false;
        }
        return new Round(publicationId, now, title.availabilityVersion, asks);
    }

    /**
     * Step 2, with nothing held: gives back the seats of ended holds, then asks a HOLD seat for each hold in turn,
     * until license-service refuses or cannot be reached (the rest are not asked).
     */
    List<Answer> ask(Round round) {
        List<Answer> answers = new ArrayList<>();
        boolean stop = false;
        for (Ask ask : round.asks()) {
            if (stop) {
                answers.add(new Answer(ask, Outcome.NOT_ASKED, null, null));
            } else if (ask.giveBack()) {
                boolean released = seats.release(ask.holdId());
                answers.add(new Answer(ask, released ? Outcome.GIVEN_BACK : Outcome.UNREACHED, null, null));
                stop = !released;
            } else {
                Instant until = HoldService.now().plus(policy.readyWindowLength());
                try {
                    Seats.Answer seat = seats.reserveForHold(ask.holdId(), round.publicationId(), ask.municipality(), until);
                    answers.add(new Answer(ask, Outcome.ANSWERED, seat, until));
                    stop = !seat.granted();
                } catch (RuntimeException unknownOutcome) {
                    answers.add(new Answer(ask, Outcome.UNREACHED, null, until));
                    stop = true;
                }
            }
        }
        return answers;
    }

    /**
     * Step 3, under the title's lock: a hold that got a seat and still waits becomes ready, with the seat's end as its
     * window; a ready hold already has this seat (asked again, license-service answered the same); a hold that ended
     * keeps its mark, and its seat is given back in the next round. A refusal means no copy is free after all. Where
     * the seat's fate is unknown (license-service unreachable, or a give-back not made) the mark stays and the note is
     * set, for the sweep. Answers true when another round may offer more.
     */
    boolean settle(Round round, List<Answer> answers) {
        Title title = titles.lock(round.publicationId());
        Instant now = HoldService.now();
        // the seats read model is lowered for each hold made ready, unless newer availability (which may count the seat
        // already) came meanwhile: an estimate too high only costs a refused ask, one too low would leave a copy unoffered
        boolean availabilityAsCounted = Objects.equals(title.availabilityVersion, round.availabilityVersion());
        boolean goOn = true;
        for (Answer answer : answers) {
            Hold hold = Hold.findById(answer.ask().holdId(), LockModeType.PESSIMISTIC_WRITE);
            // a newer mark is another offer's, asking again: it settles that ask itself
            boolean ownMark = round.askedAt().equals(hold.seatAskedAt);
            switch (answer.outcome()) {
                case UNREACHED -> {
                    goOn = false;
                    title.offerPending = true;
                }
                case NOT_ASKED -> {
                    if (answer.ask().giveBack()) {
                        title.offerPending = true;
                    } else if (ownMark) {
                        hold.seatAskedAt = null;
                    }
                }
                case GIVEN_BACK -> {
                    if (ownMark) {
                        hold.seatAskedAt = null;
                    }
                }
                case ANSWERED -> {
                    if (!answer.seat().granted()) {
                        title.seatsFree = 0;
                        goOn = false;
                        if (ownMark) {
                            hold.seatAskedAt = null;
                        }
                    } else if (hold.state == Hold.State.WAITING) {
                        ready(hold, answer, now);
                        if (availabilityAsCounted && title.knownFreeCopy()) {
                            title.seatsFree--;
                        }
                    } else if (hold.state == Hold.State.READY) {
                        hold.seatAskedAt = null;
                    } else {
                        // cancelled (or borrowed without it) while its seat was asked for: given back in the next round
                        hold.seatAskedAt = round.askedAt();
                    }
                }
            }
        }
        return goOn;
    }

    private void ready(Hold hold, Answer answer, Instant now) {
        hold.state = Hold.State.READY;
        hold.readyAt = now;
        hold.readyUntil = answer.seat().seat().heldUntil() != null ? answer.seat().seat().heldUntil() : answer.heldUntil();
        hold.seatAskedAt = null;
        outbox.record(EventTypes.HOLD_READY, hold.id, hold.publicationId,
                new HoldReady(hold.id, hold.patronId, hold.publicationId, hold.readyUntil));
    }
}
