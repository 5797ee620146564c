package fi.lainaamo.catalog.availability;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** How many copies of a title patrons can borrow and how many wait for it, as the catalogue last heard. */
@Schema(name = "Availability", description = "Copies of a publication as the catalogue last heard from license-service, and the hold queue "
        + "as it last heard from loan-service; 0/0 with no updatedAt until the first licence event for it arrives")
public record AvailabilityView(
        @Schema(description = "Copies the library's licences allow to be lent at the same time") int copiesTotal,
        @Schema(description = "Copies free to borrow now") int copiesAvailable,
        @Schema(description = "Copies kept for patrons whose hold is ready") int seatsHeldForHolds,
        @Schema(description = "Patrons in the hold queue") int holdsWaiting,
        @Schema(nullable = true, description = "Estimated days a new hold would wait; 0 when a copy is free, null when the title has no copies") Integer estimatedWaitDays,
        @Schema(nullable = true, description = "When the catalogue recorded the copies; null when it has none yet") Instant updatedAt) {

    /** A title no licence event has mentioned yet: nothing to lend. */
    public static final AvailabilityView NONE = new AvailabilityView(0, 0, 0, 0, null, null);

    /** Whether a patron can borrow it right now. */
    public boolean availableNow() {
        return copiesAvailable > 0;
    }

    static AvailabilityView of(PublicationAvailability a, PublicationHolds h, int averageLoanDays) {
        return a == null ? of(false, 0, 0, 0, null, h == null ? 0 : h.holdsWaiting, averageLoanDays)
                : of(true, a.copiesTotal, a.copiesAvailable, a.seatsHeldForHolds, a.updatedAt, h == null ? 0 : h.holdsWaiting, averageLoanDays);
    }

    /** From the stored columns: {@code recorded} whether a licence event stored copies; {@code waiting} 0 without a hold queue row. */
    static AvailabilityView of(boolean recorded, int copiesTotal, int copiesAvailable, int seatsHeldForHolds, Instant updatedAt, int waiting,
                               int averageLoanDays) {
        if (!recorded) {
            return waiting == 0 ? NONE : new AvailabilityView(0, 0, 0, waiting, null, null);
        }
        return new AvailabilityView(copiesTotal, copiesAvailable, seatsHeldForHolds, waiting,
                EstimatedWait.days(copiesTotal, copiesAvailable, waiting, averageLoanDays), updatedAt);
    }
}
