package fi.lainaamo.license.seats;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldCancelled;
import fi.lainaamo.events.HoldExpired;
import fi.lainaamo.events.HoldQueueChanged;
import fi.lainaamo.events.LoanExpired;
import fi.lainaamo.events.LoanReturned;
import fi.lainaamo.license.acquisitions.RepurchaseSignals;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.events.SeatGrantReturned;
import fi.lainaamo.license.licences.Availability;
import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loan events drive seats: a started loan confirms its seat (or lends the escrow grant it was started from); a returned
 * or expired loan, a cancelled or expired hold and a grant given back release theirs; hold-queue changes feed the
 * re-purchase signal and the escrow (no grants while people wait). {@link EventIntake} makes it idempotent,
 * retries outages and sets unprocessable records aside.
 */
@ApplicationScoped
public class LoanEvents implements EventHandler {

    private static final java.util.Set<String> HANDLED = java.util.Set.of(EventTypes.LOAN_STARTED, EventTypes.LOAN_RETURNED,
            EventTypes.LOAN_EXPIRED, EventTypes.HOLD_CANCELLED, EventTypes.HOLD_EXPIRED, EventTypes.HOLD_QUEUE_CHANGED,
            EventTypes.SEAT_GRANT_RETURNED);

    @Inject
    ProcessedEvents processed;

    @Inject
    SeatService seats;

    @Inject
    RepurchaseSignals repurchase;

    @Inject
    EventIntake intake;

    @Inject
    Availability availability;

    /**
     * Lanes a poll of loan events is applied in (issue 14): every loan event is keyed by its title and every seat
     * change takes its title's lock alone, so titles are applied side by side. One lane fell behind by minutes when the
     * machine was saturated (each event waits for a dozen database round trips), holding seat requests behind it; the
     * lanes' time is spent waiting for round trips, not computing, so eight overlap more of it than four (BENCHMARKS.md,
     * thirteenth pass). Each lane holds a connection of the pool while its transaction runs.
     */
    @ConfigProperty(name = "lainaamo.seats.consumer-lanes", defaultValue = "8")
    int lanes;

    /**
     * A poll's worth split into {@link #lanes} by title, each lane in one transaction: at many borrows a second, a
     * transaction per event would be most of this consumer's cost. A failing lane is taken again one record at a time
     * (retries, dead letters), in order.
     */
    @Incoming("loan-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        intake.acceptAll(this, records);
    }

    @Override
    public String channel() {
        return "loan-events";
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public boolean handles(String type) {
        return HANDLED.contains(type);
    }

    /**
     * The poll's seat changes (every handled type but hold-queue changes) made together by {@link SeatService#applyAll},
     * in order; the queue changes follow one by one. Their order against the seat changes does not matter: each only
     * re-checks the title's escrow against its seats as they are then.
     */
    @Override
    public List<ReceivedEvent> applyAhead(List<ReceivedEvent> events) {
        Map<SeatChange, ReceivedEvent> changes = new IdentityHashMap<>();
        List<SeatChange> inOrder = new ArrayList<>();
        List<ReceivedEvent> rest = new ArrayList<>();
        for (ReceivedEvent event : events) {
            SeatChange change = seatChange(event);
            if (change == null) {
                rest.add(event);
            } else {
                changes.put(change, event);
                inOrder.add(change);
            }
        }
        if (!inOrder.isEmpty()) {
            List<SeatChange> notMade = seats.applyAll(inOrder);
            // made one by one after the queue changes: each such holder's changes stay in order among themselves
            notMade.forEach(change -> rest.add(changes.get(change)));
        }
        return rest;
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (EventTypes.HOLD_QUEUE_CHANGED.equals(event.type())) {
            HoldQueueChanged change = processed.data(event, HoldQueueChanged.class);
            repurchase.queueChanged(change);
            // people waiting: the title's grants are asked back; the queue empty again: they are topped up
            availability.rebalance(change.publicationId());
            return;
        }
        SeatChange change = seatChange(event);
        if (change == null) {
            return; // other loan events do not concern seats
        }
        switch (change.kind()) {
            // confirms the loan's seat, or lends the escrow grant the borrow was started from (the loan has its id)
            case LOAN_STARTED -> seats.loanStarted(change.holderId(), change.publicationId(), change.municipality(), change.loanUntil());
            case RELEASE -> seats.release(change.holderId(), change.publicationId(), change.reason());
            case GRANT_RETURNED -> seats.returnGrant(change.holderId(), change.publicationId());
        }
    }

    /** The seat change a loan event asks for; null for a hold-queue change and for events that do not concern seats. */
    private SeatChange seatChange(ReceivedEvent event) {
        return switch (event.type()) {
            case EventTypes.LOAN_STARTED -> {
                LoanStarted started = processed.data(event, LoanStarted.class);
                yield SeatChange.loanStarted(started.loanId(), started.publicationId(), started.municipality(), started.dueAt());
            }
            case EventTypes.LOAN_RETURNED -> {
                LoanReturned returned = processed.data(event, LoanReturned.class);
                yield SeatChange.release(returned.loanId(), returned.publicationId(), "loan-returned");
            }
            case EventTypes.LOAN_EXPIRED -> {
                LoanExpired expired = processed.data(event, LoanExpired.class);
                yield SeatChange.release(expired.loanId(), expired.publicationId(), "loan-expired");
            }
            case EventTypes.HOLD_CANCELLED -> {
                HoldCancelled cancelled = processed.data(event, HoldCancelled.class);
                yield SeatChange.release(cancelled.holdId(), cancelled.publicationId(), "hold-cancelled");
            }
            case EventTypes.HOLD_EXPIRED -> {
                HoldExpired expired = processed.data(event, HoldExpired.class);
                yield SeatChange.release(expired.holdId(), expired.publicationId(), "hold-expired");
            }
            case EventTypes.SEAT_GRANT_RETURNED -> {
                SeatGrantReturned returned = processed.data(event, SeatGrantReturned.class);
                yield SeatChange.grantReturned(returned.grantId(), returned.publicationId());
            }
            default -> null;
        };
    }
}
