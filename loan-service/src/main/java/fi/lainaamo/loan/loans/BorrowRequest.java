package fi.lainaamo.loan.loans;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** What a patron asks to borrow. */
@Schema(description = "The publication to borrow")
public record BorrowRequest(@NotNull UUID publicationId) {
}
