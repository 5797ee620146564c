package fi.lainaamo.patron.patrons;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** A patron changing their own profile; a field left out (null) stays as it is. */
@Schema(description = "Profile changes; omitted fields are unchanged. An empty e-mail removes it.")
public record ProfileChange(
        @Pattern(regexp = "fi|sv|en", message = "must be fi, sv or en") String language,
        @Size(max = 254) @Email(regexp = "^$|.+@.+", message = "must be an e-mail address") String email,
        PatronView.Notifications notifications,
        Boolean loanHistoryOptIn,
        @Size(max = 10) @Schema(description = "Per occasion the channels wanted, e.g. {\"loan-due\": [\"email\"], \"hold-ready\": "
                + "[\"in-app\", \"push\"]}: each occasion named gets exactly these ([] none, null back to the default, all "
                + "three); occasions not named stay. Occasions: hold-ready, hold-expired, hold-ready-reminder, loan-due, "
                + "loan-expired, licence-withdrawn; channels: in-app, email, push. Unknown ones answer 400 (unknown-occasion, unknown-channel).")
        Map<String, @Size(max = 3) List<@Size(max = 40) String>> notices) {

    /** Keeps the e-mail out of any log line that prints the request. */
    @Override
    public String toString() {
        return "ProfileChange[language=" + language + ", loanHistoryOptIn=" + loanHistoryOptIn + "]";
    }
}
