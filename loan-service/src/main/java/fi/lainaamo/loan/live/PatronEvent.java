package fi.lainaamo.loan.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of a patron's loan or hold as the live stream sends it (the SSE {@code data}): a small public view, no
 * personal data (no patron id even: the stream is the patron's own). Fields that do not apply are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "PatronEvent", description = "The data of one live event; the SSE event name repeats type")
public record PatronEvent(
        @Schema(description = "loan.started, loan.returned, loan.renewed, loan.expired, hold.placed, hold.ready, "
                + "hold.position-changed, hold.suspended, hold.resumed, hold.fulfilled, hold.cancelled, hold.expired")
        String type,
        UUID loanId,
        UUID holdId,
        UUID publicationId,
        @Schema(description = "The loan's state (active, returned, expired) or the hold's (waiting, suspended, ready, "
                + "fulfilled, cancelled, expired) after the change")
        String state,
        @Schema(description = "A loan's due date") Instant dueAt,
        @Schema(description = "A ready hold: borrow before this") Instant readyUntil,
        @Schema(description = "A waiting hold's place in the queue, 1 = next in line") Integer position,
        @Schema(description = "Why a hold was cancelled, a stable code (patron-cancelled, publication-withdrawn, no-licence-left, ...)")
        String reason,
        @Schema(description = "Until when a suspended hold is skipped") java.time.LocalDate suspendedUntil,
        Instant occurredAt) {

    static PatronEvent ofLoan(String type, UUID loanId, UUID publicationId, String state, Instant dueAt, Instant at) {
        return new PatronEvent(type, loanId, null, publicationId, state, dueAt, null, null, null, null, at);
    }

    static PatronEvent ofHold(String type, UUID holdId, UUID publicationId, String state, Instant at) {
        return new PatronEvent(type, null, holdId, publicationId, state, null, null, null, null, null, at);
    }

    PatronEvent withLoan(UUID loan) {
        return new PatronEvent(type, loan, holdId, publicationId, state, dueAt, readyUntil, position, reason, suspendedUntil, occurredAt);
    }

    PatronEvent withReadyUntil(Instant until) {
        return new PatronEvent(type, loanId, holdId, publicationId, state, dueAt, until, position, reason, suspendedUntil, occurredAt);
    }

    PatronEvent withPosition(Integer place) {
        return new PatronEvent(type, loanId, holdId, publicationId, state, dueAt, readyUntil, place, reason, suspendedUntil, occurredAt);
    }

    PatronEvent withReason(String why) {
        return new PatronEvent(type, loanId, holdId, publicationId, state, dueAt, readyUntil, position, why, suspendedUntil, occurredAt);
    }

    PatronEvent withSuspendedUntil(java.time.LocalDate until) {
        return new PatronEvent(type, loanId, holdId, publicationId, state, dueAt, readyUntil, position, reason, until, occurredAt);
    }
}
