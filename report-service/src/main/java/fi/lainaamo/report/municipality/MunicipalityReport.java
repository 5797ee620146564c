package fi.lainaamo.report.municipality;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** A municipality's usage over a period of months, as its library's staff and the consortium read it. */
@Schema(description = "Loans, borrowers and holds of one municipality's residents, month by month")
public record MunicipalityReport(
        @Schema(description = "Statistics Finland's three-digit municipality code") String municipality,
        @Schema(description = "First month, YYYY-MM") String from,
        @Schema(description = "Last month, YYYY-MM (inclusive)") String to,
        @Schema(description = "Loans of a single title below this are shown as \"< n\"") int smallCell,
        @Schema(description = "Holds of the municipality's residents waiting now (placed, not yet ready or ended)") long holdsWaiting,
        @Schema(description = "Every month of the period, empty months included") List<Month> months,
        @Schema(description = "The most borrowed titles over the whole period, most first") List<TopTitle> topTitles) {

    /** One month: loans with breakdowns, distinct borrowers, holds. */
    public record Month(
            @Schema(description = "YYYY-MM") String month,
            long loans,
            @Schema(description = "Distinct residents who borrowed in the month (counted without keeping who)") long distinctBorrowers,
            long holdsPlaced,
            @Schema(description = "Average days from placing a hold to its copy being ready, of holds ready in the month; null when none was", nullable = true)
            Double averageWaitDays,
            @Schema(description = "Loans per format (EBOOK, AUDIOBOOK)") List<Share> byFormat,
            @Schema(description = "Loans per language") List<Share> byLanguage,
            @Schema(description = "Loans per audience (ADULT, TEEN, CHILDREN)") List<Share> byAudience,
            @Schema(description = "Loans of fiction and non-fiction") List<Share> byFiction,
            @Schema(description = "Loans per subject; a title with several subjects counts in each") List<Share> bySubject,
            @Schema(description = "Loans per publisher") List<Share> byPublisher) {
    }

    /** Loans with one value of a breakdown ("unknown" where the catalogue has not said). */
    public record Share(String value, long loans) {
    }

    /** A title and its loans; below the small-cell threshold the number is withheld. */
    public record TopTitle(
            UUID publicationId,
            @Schema(nullable = true) String title,
            @Schema(description = "The loans, or null when fewer than the small-cell threshold", nullable = true) Long loans,
            @Schema(description = "The loans as they may be shown: the number, or \"< 3\"") String loansShown) {
    }
}
