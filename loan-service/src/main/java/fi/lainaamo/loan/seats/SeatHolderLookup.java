package fi.lainaamo.loan.seats;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** license-service asking what became of the holders of seats it is about to give back. */
@Schema(description = "The holder ids of seats at license-service: loan ids (LOAN seats) and hold ids (HOLD seats)")
public record SeatHolderLookup(
        @Schema(description = "1 to " + SeatHolders.MAX_IDS + " holder ids; a repeated id is answered once",
                minItems = 1, maxItems = SeatHolders.MAX_IDS, required = true) List<UUID> ids) {
}
