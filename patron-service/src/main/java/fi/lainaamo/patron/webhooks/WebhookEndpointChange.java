package fi.lainaamo.patron.webhooks;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A change to an endpoint; omitted fields stay. {@code enabled: true} re-enables an endpoint that was disabled. */
@Schema(description = "Fields to change; omitted ones stay as they are")
public record WebhookEndpointChange(
        @Size(max = 2000) @Schema(nullable = true) String url,
        @Size(min = 1, max = 30) @Schema(nullable = true) List<@NotBlank @Size(max = 100) String> eventTypes,
        @Size(max = 500) @Schema(nullable = true) String description,
        @Schema(nullable = true, description = "true re-enables a disabled endpoint (its waiting deliveries go at once); false disables it") Boolean enabled) {
}
