package fi.lainaamo.patron.tokens;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A staff member signing in with username and password. */
@Schema(description = "Staff username and password")
public record StaffSignIn(
        @NotBlank @Size(max = 100) String username,
        @NotBlank @Size(max = 200) String password) {

    /** Keeps the password out of any log line that prints the request. */
    @Override
    public String toString() {
        return "StaffSignIn[username=" + username + "]";
    }
}
