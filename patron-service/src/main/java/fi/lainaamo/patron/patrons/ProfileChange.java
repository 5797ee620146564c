package fi.lainaamo.patron.patrons;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A patron changing their own profile; a field left out (null) stays as it is. */
@Schema(description = "Profile changes; omitted fields are unchanged. An empty e-mail removes it.")
public record ProfileChange(
        @Pattern(regexp = "fi|sv|en", message = "must be fi, sv or en") String language,
        @Size(max = 254) @Email(regexp = "^$|.+@.+", message = "must be an e-mail address") String email,
        PatronView.Notifications notifications,
        Boolean loanHistoryOptIn) {

    /** Keeps the e-mail out of any log line that prints the request. */
    @Override
    public String toString() {
        return "ProfileChange[language=" + language + ", loanHistoryOptIn=" + loanHistoryOptIn + "]";
    }
}
