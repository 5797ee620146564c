package fi.lainaamo.web.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The web app's side of strong identification: the OpenID Connect provider (lainaamo.web.oidc.*), its discovery
 * document (fetched once), and the authorization-code exchange. The ID token is then handed to patron-service, which
 * checks its signature, issuer, audience and expiry and signs the patron in.
 */
@ApplicationScoped
@Named("strongIdentification")
public class StrongIdentification {

    @ConfigProperty(name = "lainaamo.web.oidc.auth-server-url")
    Optional<String> authServerUrl;
    @ConfigProperty(name = "lainaamo.web.oidc.client-id")
    Optional<String> clientId;
    @ConfigProperty(name = "lainaamo.web.oidc.client-secret")
    Optional<String> clientSecret;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile JsonNode discovery;

    /** Whether the sign-in page offers strong identification: a provider, a client id and a client secret are set. */
    public boolean isEnabled() {
        return present(authServerUrl) && present(clientId) && present(clientSecret);
    }

    private static boolean present(Optional<String> value) {
        return value.isPresent() && !value.get().isBlank();
    }

    public String clientId() {
        return clientId.orElseThrow();
    }

    /** The provider's authorization endpoint with the request's parameters. */
    public URI authorize(Map<String, String> parameters) {
        String endpoint = discovery().path("authorization_endpoint").asText();
        return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(parameters));
    }

    /** The ID token the provider's token endpoint answers for the code; empty when it refuses. */
    public Optional<String> exchange(String code, String redirectUri, String codeVerifier) {
        String endpoint = discovery().path("token_endpoint").asText();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", code,
                        "redirect_uri", redirectUri, "client_id", clientId(), "client_secret", clientSecret.orElseThrow(),
                        "code_verifier", codeVerifier))))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            String idToken = json.readTree(response.body()).path("id_token").asText("");
            return idToken.isBlank() ? Optional.empty() : Optional.of(idToken);
        } catch (IOException e) {
            throw new Unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(e);
        }
    }

    /**
     * The {@code nonce} claim of an ID token, read without checking the signature: the token came straight from the
     * provider's token endpoint, and patron-service checks the signature before it trusts anything in it.
     */
    public Optional<String> nonce(String idToken) {
        String[] parts = idToken.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = json.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
            return Optional.ofNullable(claims.path("nonce").asText(null));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private JsonNode discovery() {
        JsonNode known = discovery;
        if (known != null) {
            return known;
        }
        String url = authServerUrl.orElseThrow().replaceAll("/$", "") + "/.well-known/openid-configuration";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Unavailable(new IOException("discovery answered " + response.statusCode()));
            }
            JsonNode document = json.readTree(response.body());
            if (!document.path("authorization_endpoint").isTextual() || !document.path("token_endpoint").isTextual()) {
                throw new Unavailable(new IOException("discovery names no authorization or token endpoint"));
            }
            discovery = document;
            return document;
        } catch (IOException e) {
            throw new Unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(e);
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** The provider did not answer (or its discovery document is unusable). */
    public static final class Unavailable extends RuntimeException {
        Unavailable(Exception cause) {
            super("the OpenID Connect provider did not answer: " + cause, cause);
        }
    }
}
