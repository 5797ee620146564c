package fi.lainaamo.patron.patrons;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A resident registering with their library card. */
@Schema(description = "Registration with a library card; the PIN is stored only as a bcrypt hash")
public record NewPatron(
        @NotNull @Pattern(regexp = "[A-Za-z0-9]{5,20}", message = "must be 5-20 letters or digits")
        @Schema(description = "The library card number", example = "A1234567") String cardNumber,
        @NotNull @Pattern(regexp = "\\d{4,8}", message = "must be 4-8 digits")
        @Schema(description = "The PIN, 4-8 digits", example = "1234") String pin,
        @NotNull @Pattern(regexp = "\\d{3}", message = "must be a three-digit municipality code")
        @Schema(description = "Home municipality code", example = "091") String municipality,
        @Pattern(regexp = "fi|sv|en", message = "must be fi, sv or en")
        @Schema(description = "Preferred language", enumeration = {"fi", "sv", "en"}, defaultValue = "fi") String language) {

    /** Keeps the PIN and card number out of any log line that prints the request. */
    @Override
    public String toString() {
        return "NewPatron[municipality=" + municipality + ", language=" + language + "]";
    }
}
