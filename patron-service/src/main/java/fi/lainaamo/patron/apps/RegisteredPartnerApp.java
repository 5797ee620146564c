package fi.lainaamo.patron.apps;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** The answer to a registration: the only time the client secret is ever shown. */
@Schema(description = "The app's credentials; store the secret now, it cannot be shown again")
public record RegisteredPartnerApp(String clientId, String clientSecret, String name, List<String> scopes, @Schema(nullable = true) UUID libraryId,
                                   @Schema(nullable = true, description = "The publisher a reports:publisher app reads") String publisher) {

    /** Keeps the secret out of any log line that prints the answer. */
    @Override
    public String toString() {
        return "RegisteredPartnerApp[clientId=" + clientId + "]";
    }
}
