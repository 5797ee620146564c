package fi.lainaamo.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A service's own access token for calls to another service, obtained from patron-service with the OAuth2
 * client-credentials grant and reused until shortly before it expires.
 */
@ApplicationScoped
public class ServiceTokens {

    @ConfigProperty(name = "lainaamo.service-auth.token-url")
    String tokenUrl;

    @ConfigProperty(name = "lainaamo.service-auth.client-id", defaultValue = "none")
    String clientId;

    @ConfigProperty(name = "lainaamo.service-auth.client-secret", defaultValue = "none")
    String clientSecret;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String token;
    private volatile Instant renewAt = Instant.EPOCH;

    /** The {@code Authorization} header value. */
    public String bearer() {
        if (token == null || Instant.now().isAfter(renewAt)) {
            renew();
        }
        return "Bearer " + token;
    }

    private synchronized void renew() {
        if (token != null && Instant.now().isBefore(renewAt)) {
            return;
        }
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the token endpoint refused this service's credentials: HTTP " + response.statusCode());
            }
            JsonNode body = json.readTree(response.body());
            token = body.get("access_token").asText();
            renewAt = Instant.now().plusSeconds(Math.max(10, body.path("expires_in").asLong(300) - 60));
        } catch (IOException e) {
            throw new IllegalStateException("the token endpoint cannot be reached: " + tokenUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching a service token", e);
        }
    }
}
