package fi.lainaamo.patron.webhooks;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** What a partner app registers: where to send, which events, and a note for itself. */
@Schema(description = "A webhook endpoint to register")
public record NewWebhookEndpoint(
        @NotBlank @Size(max = 2000) @Schema(description = "https URL that receives the events (POST)", example = "https://kirjasto.example.fi/lainaamo/webhooks") String url,
        @NotEmpty @Size(max = 30) @Schema(description = "Webhook types, e.g. loan.started.v1; see the README for the list and the scope each needs",
                example = "[\"publication.upserted.v1\", \"hold.ready.v1\"]") List<@NotBlank @Size(max = 100) String> eventTypes,
        @Size(max = 500) @Schema(description = "Free text for the partner's own use", nullable = true) String description) {
}
