package fi.lainaamo.patron.webhooks;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A time range of events to send again: occurred at or after {@code from}, before {@code to}. */
@Schema(description = "Events that occurred in [from, to) are sent again")
public record ReplayRequest(@NotNull Instant from, @NotNull Instant to) {

    /** How many deliveries were queued again. */
    @Schema(name = "ReplayResult")
    public record Result(int queued) {
    }
}
