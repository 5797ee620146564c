package fi.lainaamo.patron.tokens;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The ID token the app received from the identity provider after the resident identified themselves. */
@Schema(description = "An OpenID Connect ID token from the configured provider")
public record IdTokenSignIn(@NotBlank @Size(max = 20000) String idToken) {

    /** Keeps the token out of any log line that prints the request. */
    @Override
    public String toString() {
        return "IdTokenSignIn[***]";
    }
}
