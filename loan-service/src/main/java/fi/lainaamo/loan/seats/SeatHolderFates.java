package fi.lainaamo.loan.seats;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** What loan-service knows of each holder id license-service asked about, one entry per distinct id in asking order. */
@Schema(description = "The fate of each holder id asked about")
public record SeatHolderFates(List<Fate> holders) {

    /** One holder: a loan (pending, active or ended), a hold (ready, waiting or ended), or unknown to loan-service. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A loan's or a hold's state as loan-service has committed it")
    public record Fate(
            UUID id,
            @Schema(description = "loan or hold; absent when the id is unknown", enumeration = {"loan", "hold"}) String kind,
            @Schema(description = "loan: pending (the borrow is still asking for this seat; keep it), active (the patron has it now) "
                    + "or ended (returned, expired, past its due date, or the borrow failed). "
                    + "hold: ready (a copy is kept for it and its window is not over), waiting (in the queue, suspended too; "
                    + "a seat held for a waiting hold is one loan-service's offer is still settling: the hold becomes ready "
                    + "with it or the seat is given back, also after a crash) "
                    + "or ended (borrowed, cancelled, expired, or ready past its window). "
                    + "unknown: loan-service has no loan or hold with this id (it never committed one)",
                    enumeration = {"pending", "active", "ended", "ready", "waiting", "unknown"}) String state) {

        static Fate unknown(UUID id) {
            return new Fate(id, null, "unknown");
        }
    }
}
