package fi.lainaamo.patron.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.patron.patrons.Patron;
import fi.lainaamo.patron.patrons.PatronService;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Sign-in with an ID token from the configured OpenID Connect provider: the signature (provider's JWKS), issuer,
 * audience and expiry are checked; the provider's subject finds the patron, and a first sign-in registers them with
 * the municipality from the configured claim.
 */
@ApplicationScoped
public class StrongIdentification {

    private static final Logger LOG = Logger.getLogger(StrongIdentification.class);

    @Inject
    OidcConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    PatronService patrons;

    @Inject
    TokenService tokens;

    private volatile JwtConsumer consumer;

    /** What the OPDS authentication document links to, when strong identification is on. */
    public record Provider(String authorizationEndpoint, String issuer) {
    }

    private volatile Provider provider;

    public boolean enabled() {
        return config.enabled() && config.authServerUrl().isPresent() && config.clientId().isPresent();
    }

    public AccessToken signIn(String idToken) {
        if (!enabled()) {
            throw new ProblemException(404, "oidc-not-configured");
        }
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(idToken);
        } catch (InvalidJwtException e) {
            LOG.infof("ID token refused: %s", e.getErrorDetails().isEmpty() ? "invalid" : e.getErrorDetails().get(0).getErrorCode());
            throw new ProblemException(401, "invalid-id-token");
        }
        String subject = claims.getClaimValueAsString("sub");
        String issuer = claims.getClaimValueAsString("iss");
        Optional<Patron> known = patrons.forStrongIdentification(issuer + "|" + subject);
        if (known.isPresent()) {
            return tokens.patronTokens(known.get());
        }
        String municipality = claims.getClaimValueAsString(config.municipalityClaim());
        if (municipality == null || !municipality.matches("\\d{3}")) {
            throw new ProblemException(422, "municipality-missing");
        }
        String language = claims.getClaimValueAsString(config.languageClaim());
        language = language != null && language.length() >= 2 ? language.substring(0, 2).toLowerCase() : "fi";
        if (!language.equals("fi") && !language.equals("sv") && !language.equals("en")) {
            language = "fi";
        }
        return tokens.patronTokens(patrons.registerStrong(issuer + "|" + subject, municipality, language));
    }

    public Optional<Provider> provider() {
        if (!enabled()) {
            return Optional.empty();
        }
        try {
            consumer();
            return Optional.ofNullable(provider);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private JwtConsumer consumer() {
        JwtConsumer c = consumer;
        if (c == null) {
            synchronized (this) {
                if (consumer == null) {
                    JsonNode discovery = discovery();
                    String issuer = discovery.path("issuer").asText();
                    HttpsJwks jwks = new HttpsJwks(discovery.path("jwks_uri").asText());
                    provider = new Provider(discovery.path("authorization_endpoint").asText(null), issuer);
                    consumer = new JwtConsumerBuilder()
                            .setRequireExpirationTime()
                            .setRequireSubject()
                            .setAllowedClockSkewInSeconds(30)
                            .setExpectedIssuer(issuer)
                            .setExpectedAudience(config.clientId().orElseThrow())
                            .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                            .build();
                }
                c = consumer;
            }
        }
        return c;
    }

    private JsonNode discovery() {
        String url = config.authServerUrl().orElseThrow().replaceAll("/$", "") + "/.well-known/openid-configuration";
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ProblemException(503, "oidc-not-configured");
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new ProblemException(503, "oidc-not-configured");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "oidc-not-configured");
        }
    }
}
