package fi.lainaamo.report.loans;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldCancelled;
import fi.lainaamo.events.HoldExpired;
import fi.lainaamo.events.HoldFulfilled;
import fi.lainaamo.events.HoldPlaced;
import fi.lainaamo.events.HoldReady;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.platform.events.ReceivedEvent;
import fi.lainaamo.report.ReportDays;
import fi.lainaamo.report.borrowers.BorrowerMarks;
import fi.lainaamo.report.Projection;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Set;
import java.util.UUID;

/**
 * loan-service's loan and hold events as report rows: loans per day, municipality, library and title; hold events per
 * day and title; each hold's wait. The patron id of a loan only ever becomes a borrower mark (see BorrowerMarks).
 */
@ApplicationScoped
public class LoanEvents extends Projection {

    private static final Set<String> HANDLED = Set.of(EventTypes.LOAN_STARTED, EventTypes.HOLD_PLACED, EventTypes.HOLD_READY,
            EventTypes.HOLD_EXPIRED, EventTypes.HOLD_CANCELLED, EventTypes.HOLD_FULFILLED);

    @Inject
    BorrowerMarks borrowers;

    /**
     * hold.ready carries when the ready hold ends, not when it became ready: it became ready this long before (the
     * lending policy's ready window, {@code lainaamo.lending.ready-window-days} in loan-service).
     */
    @ConfigProperty(name = "lainaamo.reports.ready-window", defaultValue = "P3D")
    Period readyWindow;

    public LoanEvents() {
        super("loan-events", HANDLED);
    }

    /** A poll's worth in one transaction: at the borrow workload's top rate a transaction per loan would lag. */
    @Incoming("loan-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        consume(records);
    }

    @Override
    public void apply(ReceivedEvent event) {
        switch (event.type()) {
            case EventTypes.LOAN_STARTED -> started(processed.data(event, LoanStarted.class));
            case EventTypes.HOLD_PLACED -> {
                HoldPlaced placed = processed.data(event, HoldPlaced.class);
                holdDay(placed.placedAt(), placed.publicationId(), "placed");
                em.createNativeQuery("insert into hold_wait (hold_id, publication_id, municipality, placed_at) values (?1, ?2, ?3, ?4) "
                                + "on conflict (hold_id) do update set municipality = excluded.municipality, placed_at = excluded.placed_at")
                        .setParameter(1, placed.holdId()).setParameter(2, placed.publicationId())
                        .setParameter(3, municipality(placed.municipality())).setParameter(4, placed.placedAt()).executeUpdate();
            }
            case EventTypes.HOLD_READY -> {
                HoldReady ready = processed.data(event, HoldReady.class);
                Instant readyAt = ready.readyUntil() == null ? null
                        : ready.readyUntil().atZone(ReportDays.FINLAND).minus(readyWindow).toInstant();
                holdDay(readyAt, ready.publicationId(), "ready");
                // a hold made ready again (suspended and resumed, or its seat lost) keeps its first ready time
                em.createNativeQuery("insert into hold_wait (hold_id, publication_id, ready_at) values (?1, ?2, ?3) "
                                + "on conflict (hold_id) do update set ready_at = coalesce(hold_wait.ready_at, excluded.ready_at)")
                        .setParameter(1, ready.holdId()).setParameter(2, ready.publicationId()).setParameter(3, readyAt).executeUpdate();
            }
            case EventTypes.HOLD_EXPIRED -> {
                HoldExpired expired = processed.data(event, HoldExpired.class);
                ended(expired.holdId(), expired.publicationId(), expired.at(), "expired");
            }
            case EventTypes.HOLD_CANCELLED -> {
                HoldCancelled cancelled = processed.data(event, HoldCancelled.class);
                ended(cancelled.holdId(), cancelled.publicationId(), cancelled.at(), "cancelled");
            }
            case EventTypes.HOLD_FULFILLED -> {
                HoldFulfilled fulfilled = processed.data(event, HoldFulfilled.class);
                ended(fulfilled.holdId(), fulfilled.publicationId(), fulfilled.at(), "fulfilled");
            }
            default -> throw new IllegalStateException("unexpected " + event.type());
        }
    }

    private void started(LoanStarted loan) {
        if (loan.startedAt() == null) {
            return; // the contract requires it; a loan without a moment has no day to be counted on
        }
        LocalDate day = ReportDays.day(loan.startedAt());
        String municipality = municipality(loan.municipality());
        em.createNativeQuery("insert into loan_day (day, municipality, library_id, publication_id, loans) values (?1, ?2, ?3, ?4, 1) "
                        + "on conflict (day, municipality, publication_id, library_id) do update set loans = loan_day.loans + 1")
                .setParameter(1, day).setParameter(2, municipality)
                .setParameter(3, loan.libraryId() == null ? ReportDays.NO_LIBRARY : loan.libraryId())
                .setParameter(4, loan.publicationId()).executeUpdate();
        if (loan.patronId() != null) {
            borrowers.borrowed(loan.patronId(), municipality, day);
        }
    }

    private void ended(UUID holdId, UUID publicationId, Instant at, String as) {
        holdDay(at, publicationId, as);
        em.createNativeQuery("insert into hold_wait (hold_id, publication_id, ended_at, ended_as) values (?1, ?2, ?3, ?4) "
                        + "on conflict (hold_id) do update set ended_at = excluded.ended_at, ended_as = excluded.ended_as")
                .setParameter(1, holdId).setParameter(2, publicationId).setParameter(3, at).setParameter(4, as).executeUpdate();
    }

    /** Adds one to a hold counter column of the day (the column name is one of five constants, never input). */
    private void holdDay(Instant at, UUID publicationId, String column) {
        if (at == null) {
            return;
        }
        em.createNativeQuery("insert into hold_day (day, publication_id, " + column + ") values (?1, ?2, 1) "
                        + "on conflict (day, publication_id) do update set " + column + " = hold_day." + column + " + 1")
                .setParameter(1, ReportDays.day(at)).setParameter(2, publicationId).executeUpdate();
    }

    private static String municipality(String code) {
        return code == null || code.isBlank() ? ReportDays.NO_MUNICIPALITY : code;
    }
}
