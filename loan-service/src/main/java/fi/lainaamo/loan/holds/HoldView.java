package fi.lainaamo.loan.holds;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A hold as the patron's app shows it: state, place in the queue and how long the wait probably is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A hold. state: waiting, suspended, ready, fulfilled, cancelled or expired")
public record HoldView(UUID id, UUID publicationId, String state, Instant placedAt,
                       @Schema(description = "1 = next in line; counts every open hold ahead, suspended ones too") Integer position,
                       @Schema(description = "Open holds on the title") Integer queueLength,
                       @Schema(description = "Days, from copies, average loan length and position") Integer estimatedWaitDays,
                       LocalDate suspendedUntil, Instant readyUntil, Instant endedAt,
                       @Schema(description = "Why the hold ended: borrowed, patron-cancelled, ready-window-passed, publication-withdrawn, no-licence-left, patron-erased") String endReason,
                       @Schema(description = "endReason as a sentence in the caller's language") String endReasonText,
                       UUID loanId) {
}
