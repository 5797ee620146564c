package fi.lainaamo.catalog.availability;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** How many copies of a title patrons can borrow, as the catalogue last heard from license-service. */
@Schema(name = "Availability", description = "Copies of a publication as the catalogue last heard from license-service; "
        + "0/0 with no updatedAt until the first licence event for it arrives")
public record AvailabilityView(
        @Schema(description = "Copies the library's licences allow to be lent at the same time") int copiesTotal,
        @Schema(description = "Copies free to borrow now") int copiesAvailable,
        @Schema(description = "When the catalogue recorded this count; null when it has none yet") Instant updatedAt) {

    /** A title no licence event has mentioned yet: nothing to lend. */
    public static final AvailabilityView NONE = new AvailabilityView(0, 0, null);

    static AvailabilityView of(PublicationAvailability a) {
        return a == null ? NONE : new AvailabilityView(a.copiesTotal, a.copiesAvailable, a.updatedAt);
    }
}
