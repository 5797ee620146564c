package fi.lainaamo.report.acquisitions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What acquisitions staff decide re-purchases by: how licences are used, which end soon, where people queue. */
@Schema(description = "Licence consumption of a period, licences ending with their demand, and holds per copy")
public record AcquisitionsReport(
        @Schema(description = "First month, YYYY-MM") String from,
        @Schema(description = "Last month, YYYY-MM (inclusive)") String to,
        @Schema(description = "Licences by seats consumed in the period, most first") List<LicenceUse> consumption,
        @Schema(description = "Licences that expire within the look-ahead or have few checkouts left, with the holds waiting for their title")
        List<LicenceUse> ending,
        @Schema(description = "Titles by holds waiting per copy, most first: re-purchase candidates") List<Demand> holdsPerCopy) {

    /** One licence: its terms as the licence events told them and its use in the period. */
    public record LicenceUse(
            UUID licenceId,
            @Schema(nullable = true) UUID publicationId,
            @Schema(nullable = true) String title,
            @Schema(description = "Not in the licence events yet: always null", nullable = true) String distributor,
            @Schema(nullable = true) String status,
            @Schema(nullable = true) Integer concurrency,
            @Schema(description = "Checkouts bought; null when unlimited", nullable = true) Integer checkouts,
            @Schema(nullable = true) Integer checkoutsLeft,
            @Schema(nullable = true) Instant expires,
            @Schema(description = "Seats taken in the period") long consumed,
            @Schema(description = "Holds waiting now for the licence's title") long holdsWaiting) {
    }

    /** A title's queue against its copies (the concurrency of its licences that can still lend). */
    public record Demand(UUID publicationId, @Schema(nullable = true) String title, long copies, long holdsWaiting,
                         @Schema(description = "holdsWaiting / copies; null without a lendable copy", nullable = true) Double holdsPerCopy) {
    }
}
