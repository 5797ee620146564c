package fi.lainaamo.report.publishers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** Holds placed and loans per title and month of one publisher's titles. */
@Schema(description = "Holds placed and loans per title and month (Finnish time) of the publisher's titles, nationally summed")
public record PublisherTitles(
        @Schema(description = "The publisher, as asked for") String publisher,
        @Schema(description = "First month, YYYY-MM") String from,
        @Schema(description = "Last month, YYYY-MM (inclusive)") String to,
        @Schema(description = "A title's loans in a month below this are shown as \"< n\" (small-cell rule)") int smallCell,
        @Schema(description = "Titles with holds or loans in the period") long titlesTotal,
        @Schema(description = "A page of them (limit, offset), by title") List<Title> titles) {

    /** One title and its months with holds or loans. */
    public record Title(
            UUID publicationId,
            @Schema(nullable = true) String title,
            @Schema(nullable = true) String format,
            @Schema(description = "ISBN first") List<String> identifiers,
            @Schema(description = "Months with holds placed or loans, oldest first") List<Month> months) {
    }

    /** A title's month. */
    public record Month(
            @Schema(description = "YYYY-MM") String month,
            @Schema(description = "Holds placed") long holdsPlaced,
            @Schema(description = "Loans started; null when below the small-cell threshold", nullable = true) Long loans,
            @Schema(description = "Loans as they may be shown: the number, or \"< n\"") String loansShown) {
    }
}
