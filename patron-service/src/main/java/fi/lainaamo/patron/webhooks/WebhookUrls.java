package fi.lainaamo.patron.webhooks;

import fi.lainaamo.platform.http.OutboundUrls;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * The SSRF rule for webhook URLs (platform's {@link OutboundUrls}: https only, never a private address) with the
 * {@code host:port} entries allowed by {@code lainaamo.webhooks.allowed-hosts} (local receivers in development and
 * tests). Checked at registration and before every send.
 */
@ApplicationScoped
public class WebhookUrls {

    private final OutboundUrls rule;

    WebhookUrls(@ConfigProperty(name = "lainaamo.webhooks.allowed-hosts") Optional<List<String>> allowed) {
        this.rule = OutboundUrls.allowing(allowed.orElse(List.of()));
    }

    /** Why the URL may not be called, or empty. */
    public Optional<OutboundUrls.Refusal> refusal(String url) {
        return rule.refusal(url);
    }
}
