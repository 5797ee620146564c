package fi.lainaamo.report.acquisitions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What acquisitions staff decide re-purchases by: how licences are used, what they cost, which end soon, where people queue. */
@Schema(description = "Licence consumption of a period per licence and distributor, cost per loan, spend per month, licences "
        + "ending with their demand, holds per copy, and titles never borrowed")
public record AcquisitionsReport(
        @Schema(description = "First month, YYYY-MM") String from,
        @Schema(description = "Last month, YYYY-MM (inclusive)") String to,
        @Schema(description = "Licences by seats consumed in the period, most first") List<LicenceUse> consumption,
        @Schema(description = "Seats consumed in the period per distributor, most first") List<DistributorUse> consumptionByDistributor,
        @Schema(description = "Licences with a price: price ÷ loans lent on them so far, the dearest first (not yet lent first)")
        List<LicenceCost> costPerLoan,
        @Schema(description = "Per distributor and currency: the prices of its priced licences ÷ the loans lent on them so far")
        List<DistributorCost> costPerLoanByDistributor,
        @Schema(description = "Prices of the licences added in each month of the period (Finnish time), per distributor and currency")
        List<MonthSpend> spendPerMonth,
        @Schema(description = "Licences that expire within the look-ahead or have few checkouts left, with the holds waiting for their title")
        List<LicenceUse> ending,
        @Schema(description = "Titles by holds waiting per copy, most first: re-purchase candidates") List<Demand> holdsPerCopy,
        @Schema(description = "Titles with a licence that no one has ever borrowed") NeverBorrowed neverBorrowed) {

    /** One licence: its terms as the licence events told them and its use in the period. */
    public record LicenceUse(
            UUID licenceId,
            @Schema(nullable = true) UUID publicationId,
            @Schema(nullable = true) String title,
            @Schema(description = "The distributor the licence came from; null when its events did not say", nullable = true) String distributor,
            @Schema(nullable = true) String status,
            @Schema(nullable = true) Integer concurrency,
            @Schema(description = "Checkouts bought; null when unlimited", nullable = true) Integer checkouts,
            @Schema(nullable = true) Integer checkoutsLeft,
            @Schema(nullable = true) Instant expires,
            @Schema(description = "Seats taken in the period") long consumed,
            @Schema(description = "Holds waiting now for the licence's title") long holdsWaiting) {
    }

    /** A distributor's licences and the seats they lent in the period. */
    public record DistributorUse(
            @Schema(description = "null: licences whose events named no distributor", nullable = true) String distributor,
            @Schema(description = "Licences of the distributor that lent in the period") long licences,
            @Schema(description = "Seats taken in the period") long consumed) {
    }

    /** What one licence cost per loan so far. */
    public record LicenceCost(
            UUID licenceId,
            @Schema(nullable = true) UUID publicationId,
            @Schema(nullable = true) String title,
            @Schema(nullable = true) String distributor,
            @Schema(description = "checkouts (metered: a number of loans bought), time-limited (lends until expires) or perpetual")
            String model,
            @Schema(nullable = true) Integer checkouts,
            @Schema(nullable = true) Instant expires,
            @Schema(description = "What the licence cost") BigDecimal price,
            @Schema(description = "ISO 4217") String currency,
            @Schema(description = "Loans lent on the licence so far (seats consumed, any time)") long loans,
            @Schema(description = "price ÷ loans, two decimals; null while nothing was lent", nullable = true) BigDecimal costPerLoan,
            @Schema(description = "Metered licences: price ÷ checkouts bought, what a loan costs once every checkout is used",
                    nullable = true) BigDecimal pricePerCheckout) {
    }

    /** A distributor's priced licences in one currency: spend and loans so far. */
    public record DistributorCost(
            @Schema(nullable = true) String distributor,
            @Schema(description = "ISO 4217") String currency,
            @Schema(description = "Licences with a price") long licences,
            @Schema(description = "Sum of their prices") BigDecimal spend,
            @Schema(description = "Loans lent on them so far") long loans,
            @Schema(description = "spend ÷ loans, two decimals; null while nothing was lent", nullable = true) BigDecimal costPerLoan) {
    }

    /** Licences bought in a month from one distributor in one currency. */
    public record MonthSpend(
            @Schema(description = "YYYY-MM, the Finnish month the licences were added in") String month,
            @Schema(nullable = true) String distributor,
            @Schema(description = "ISO 4217") String currency,
            long licences,
            @Schema(description = "Sum of their prices") BigDecimal spend) {
    }

    /** A title's queue against its copies (the concurrency of its licences that can still lend). */
    public record Demand(UUID publicationId, @Schema(nullable = true) String title, long copies, long holdsWaiting,
                         @Schema(description = "holdsWaiting / copies; null without a lendable copy", nullable = true) Double holdsPerCopy) {
    }

    /** How many licensed titles were never borrowed, and a page of them. */
    public record NeverBorrowed(
            @Schema(description = "All licensed titles (not withdrawn) without a single loan") long count,
            @Schema(description = "offset..offset+limit of them, the longest licensed first") List<UnborrowedTitle> titles) {
    }

    /** A licensed title no one has borrowed. */
    public record UnborrowedTitle(
            UUID publicationId,
            @Schema(nullable = true) String title,
            @Schema(nullable = true) String publisher,
            @Schema(description = "Its licences") long licences,
            @Schema(description = "When its first licence was added (Finnish day); null when the events did not say", nullable = true)
            LocalDate firstAdded) {
    }
}
