package fi.lainaamo.patron.webhooks;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The endpoint and its signing secret: the only answers that ever show the secret (registration and rotation). */
@Schema(description = "The endpoint and its signing secret; store the secret now, it cannot be shown again")
public record RegisteredWebhookEndpoint(WebhookEndpointView endpoint,
                                        @Schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") String secret) {

    /** Keeps the secret out of any log line that prints the answer. */
    @Override
    public String toString() {
        return "RegisteredWebhookEndpoint[" + endpoint.id() + "]";
    }
}
