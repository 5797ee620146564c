package fi.lainaamo.patron.staff;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** A staff account a consortium admin creates. */
@Schema(description = "A new staff account; a librarian needs the library they work for")
public record NewStaff(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._@-]{3,100}", message = "must be 3-100 letters, digits or . _ @ -") String username,
        @NotNull @Size(min = 10, max = 200, message = "must be 10-200 characters") String password,
        @NotNull @Pattern(regexp = "librarian|consortium-admin", message = "must be librarian or consortium-admin")
        @Schema(enumeration = {"librarian", "consortium-admin"}) String role,
        @Schema(description = "Required for a librarian") UUID libraryId) {

    /** Keeps the password out of any log line that prints the request. */
    @Override
    public String toString() {
        return "NewStaff[username=" + username + ", role=" + role + ", libraryId=" + libraryId + "]";
    }
}
