package fi.lainaamo.patron.tokens;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A patron signing in with library card and PIN. */
@Schema(description = "Library card number and PIN")
public record PatronSignIn(
        @NotBlank @Size(max = 20) @Schema(example = "A1234567") String cardNumber,
        @NotBlank @Size(max = 8) @Schema(example = "1234") String pin) {

    /** Keeps the card number and PIN out of any log line that prints the request. */
    @Override
    public String toString() {
        return "PatronSignIn[***]";
    }
}
