package fi.lainaamo.patron.tokens;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A refresh token sent back to get new tokens, or to end the session. */
@Schema(description = "The refresh token from the last sign-in or refresh")
public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {

    /** Keeps the token out of any log line that prints the request. */
    @Override
    public String toString() {
        return "RefreshRequest[***]";
    }
}
