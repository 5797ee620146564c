package fi.lainaamo.patron.events;

import fi.lainaamo.events.ErasureConfirmed;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldCancelled;
import fi.lainaamo.events.HoldExpired;
import fi.lainaamo.events.HoldFulfilled;
import fi.lainaamo.events.HoldReady;
import fi.lainaamo.events.LoanExpired;
import fi.lainaamo.events.LoanRenewed;
import fi.lainaamo.events.LoanReturned;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.patron.gdpr.Erasures;
import fi.lainaamo.patron.notifications.DueNotices;
import fi.lainaamo.patron.notifications.Notices;
import fi.lainaamo.patron.notifications.Occasion;
import fi.lainaamo.patron.webhooks.WebhookFanOut;
import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What patron-service takes from loan-service's topic: erasure confirmations (the erasure log) and the occasions it
 * tells patrons about (a hold ready, a hold expired unclaimed, a loan expired), and what is due later (a loan's due date
 * from its start or renewal until it ends; a ready hold's pick-up deadline until it is borrowed, cancelled or expired),
 * from which {@link DueNotices} writes the due-date notices. Idempotent through the processed-event log, and the
 * notices' delivery keys besides; the effect and the log entry commit together. A failure is thrown, so the record is
 * not acknowledged and comes again.
 */
@ApplicationScoped
public class LoanEvents implements EventHandler {

    /** Reasons loan-service cancels a hold for when the title's licence ended under it. */
    private static final Set<String> LICENCE_ENDED = Set.of("publication-withdrawn", "no-licence-left");
    /** How much before its due date an expiry counts as the licence ending early, not as the sweep's expiry. */
    private static final Duration EARLY = Duration.ofMinutes(5);
    private static final Set<String> HANDLED = Set.of(EventTypes.ERASURE_CONFIRMED, EventTypes.HOLD_READY, EventTypes.HOLD_EXPIRED,
            EventTypes.HOLD_FULFILLED, EventTypes.HOLD_CANCELLED, EventTypes.LOAN_STARTED, EventTypes.LOAN_RENEWED,
            EventTypes.LOAN_RETURNED, EventTypes.LOAN_EXPIRED,
            EventTypes.HOLD_PLACED); // hold placed: for partners' webhooks only

    @Inject
    ProcessedEvents processed;

    @Inject
    Erasures erasures;

    @Inject
    Notices notices;

    @Inject
    DueNotices due;

    @Inject
    EventIntake intake;

    @Inject
    WebhookFanOut webhooks;

    /**
     * A poll's worth in one transaction: every borrow and return sends an event here, and a transaction per event
     * made patron-service a tenth of the machine's CPU in the borrow benchmark (BENCHMARKS.md, issue 14). If the
     * batch fails, its records are taken one at a time (retries, dead letters).
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
    public boolean handles(String type) {
        return HANDLED.contains(type); // the other hold events (placed, queue position, suspended) are none of patron-service's business
    }

    @Override
    public void apply(ReceivedEvent event) {
        webhooks.received(event); // partners' webhooks, in this transaction (the processed-event log is per source, one consumer)
        switch (event.type()) {
            case EventTypes.HOLD_PLACED -> {
            }
            case EventTypes.ERASURE_CONFIRMED -> {
                ErasureConfirmed confirmed = processed.data(event, ErasureConfirmed.class);
                erasures.confirmed(confirmed.erasureId(), confirmed.service(), confirmed.at());
            }
            case EventTypes.HOLD_READY -> {
                HoldReady ready = processed.data(event, HoldReady.class);
                notices.occurred(Occasion.HOLD_READY, ready.patronId(), ready.holdId(), ready.publicationId(), ready.readyUntil());
                due.holdReady(ready.holdId(), ready.patronId(), ready.publicationId(), ready.readyUntil());
            }
            case EventTypes.HOLD_EXPIRED -> {
                HoldExpired expired = processed.data(event, HoldExpired.class);
                notices.occurred(Occasion.HOLD_EXPIRED, expired.patronId(), expired.holdId(), expired.publicationId(), expired.at());
                due.holdEnded(expired.holdId());
            }
            case EventTypes.HOLD_FULFILLED -> due.holdEnded(processed.data(event, HoldFulfilled.class).holdId());
            case EventTypes.HOLD_CANCELLED -> {
                HoldCancelled cancelled = processed.data(event, HoldCancelled.class);
                due.holdEnded(cancelled.holdId());
                if (LICENCE_ENDED.contains(cancelled.reason())) { // the patron's own cancel needs no notice
                    notices.occurred(Occasion.LICENCE_WITHDRAWN, cancelled.patronId(), cancelled.holdId(), cancelled.publicationId(),
                            cancelled.at());
                }
            }
            case EventTypes.LOAN_STARTED -> {
                LoanStarted started = processed.data(event, LoanStarted.class);
                due.loanDue(started.loanId(), started.patronId(), started.publicationId(), started.dueAt());
            }
            case EventTypes.LOAN_RENEWED -> {
                LoanRenewed renewed = processed.data(event, LoanRenewed.class);
                due.loanDue(renewed.loanId(), renewed.patronId(), renewed.publicationId(), renewed.dueAt());
            }
            case EventTypes.LOAN_RETURNED -> due.loanEnded(processed.data(event, LoanReturned.class).loanId());
            case EventTypes.LOAN_EXPIRED -> {
                LoanExpired expired = processed.data(event, LoanExpired.class);
                Instant dueAt = due.loanEnded(expired.loanId());
                // loan-service ends a loan at its due date; one ended well before it was ended by the distributor
                Occasion occasion = dueAt != null && expired.expiredAt() != null && expired.expiredAt().isBefore(dueAt.minus(EARLY))
                        ? Occasion.LICENCE_WITHDRAWN : Occasion.LOAN_EXPIRED;
                if (dueAt == null && notices.told(Occasion.LICENCE_WITHDRAWN.deliveryKey(expired.loanId()))) {
                    return; // a replay of an early end already told (its due date is forgotten by now)
                }
                notices.tell(occasion, occasion.deliveryKey(expired.loanId()), expired.patronId(),
                        expired.loanId(), null, expired.publicationId(), expired.expiredAt());
            }
            default -> throw new IllegalStateException("not handled: " + event.type());
        }
    }
}
