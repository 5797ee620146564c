package fi.lainaamo.patron.tokens;

import fi.lainaamo.patron.patrons.Patron;
import fi.lainaamo.patron.patrons.PatronService;
import fi.lainaamo.patron.patrons.Pins;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Roles;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who gets a token: patrons with card and PIN, the bootstrap consortium admin, and configured service clients.
 * A wrong card and a wrong PIN get the same answer in about the same time, so neither reveals which cards exist.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);
    static final String CLIENT_CREDENTIALS = "client_credentials";

    @Inject
    PatronService patrons;

    @Inject
    AccessTokens tokens;

    @Inject
    BootstrapAdmin admin;

    @Inject
    ServiceClients clients;

    @ConfigProperty(name = "lainaamo.patrons.pin-cost", defaultValue = "10")
    int pinCost;

    // checked against when the card is unknown, so that an unknown card costs as much time as a wrong PIN
    private volatile String decoyHash;

    void onStart(@Observes StartupEvent started) {
        decoyHash = Pins.hash("0000", pinCost);
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            if ("lainaamo-admin".equals(admin.password())) {
                LOG.warn("the bootstrap admin has the development password: set LAINAAMO_ADMIN_PASSWORD");
            }
            clients.secrets().forEach((client, secret) -> {
                if (secret.endsWith("-dev-secret")) {
                    LOG.warnf("service client %s has its development secret: set its secret in the environment", client);
                }
            });
        }
    }

    /** Card number and PIN; the patron's token carries their municipality, library and language. */
    public AccessToken signIn(PatronSignIn request) {
        Optional<Patron> patron = patrons.forSignIn(request.cardNumber());
        boolean pinMatches = Pins.matches(patron.map(p -> p.pinHash).orElse(decoyHash), request.pin());
        if (patron.isEmpty() || !pinMatches) {
            throw new ProblemException(401, "invalid-credentials");
        }
        Patron p = patron.get();
        return AccessToken.of(tokens.sign(p.id.toString(), List.of(Roles.PATRON), p.municipality, p.libraryId, p.language));
    }

    /** The bootstrap consortium admin; its subject is a UUID derived from the username, the same at every sign-in. */
    public AccessToken staffSignIn(StaffSignIn request) {
        boolean userMatches = same(admin.username(), request.username());
        boolean passwordMatches = same(admin.password(), request.password());
        if (!userMatches || !passwordMatches) {
            throw new ProblemException(401, "invalid-credentials");
        }
        return AccessToken.of(tokens.sign(staffId(request.username()).toString(), List.of(Roles.CONSORTIUM_ADMIN), null, null, null));
    }

    /** OAuth2 client credentials for service-to-service calls; the token's subject is the client id. */
    public OAuthToken clientCredentials(TokenRequest request) {
        if (!CLIENT_CREDENTIALS.equals(request.grantType())) {
            throw new ProblemException(400, "unsupported-grant-type");
        }
        String secret = request.clientId() == null ? null : clients.secrets().get(request.clientId());
        boolean secretMatches = same(secret == null ? "" : secret, request.clientSecret());
        if (secret == null || !secretMatches) {
            throw new ProblemException(401, "invalid-client");
        }
        return OAuthToken.of(tokens.sign(request.clientId(), List.of(Roles.SERVICE), null, null, null));
    }

    static UUID staffId(String username) {
        return UUID.nameUUIDFromBytes(("lainaamo-staff:" + username).getBytes(StandardCharsets.UTF_8));
    }

    /** Compares secrets in time that does not depend on where they differ, nor on their lengths. */
    static boolean same(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(given));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
