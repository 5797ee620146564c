package fi.lainaamo.patron.tokens;

import fi.lainaamo.patron.apps.PartnerApp;
import fi.lainaamo.patron.apps.PartnerApps;
import fi.lainaamo.patron.patrons.Patron;
import fi.lainaamo.patron.patrons.PatronService;
import fi.lainaamo.patron.patrons.Pins;
import fi.lainaamo.patron.staff.StaffAccount;
import fi.lainaamo.patron.staff.StaffService;
import fi.lainaamo.patron.tokens.SignInLocked.Lock;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Who gets a token: patrons with card and PIN (or strong identification), staff, configured service clients and
 * registered partner apps. A wrong card and a wrong PIN get the same answer in about the same time, so neither
 * reveals which cards exist; repeated wrong PINs lock the card for a while (wrong passwords a staff account), and
 * too many failures from one client address refuse it for a while whichever cards it tries.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);
    static final String CLIENT_CREDENTIALS = "client_credentials";
    static final String PATRON = "patron";
    static final String STAFF = "staff";
    // refresh-token subjects of the bootstrap admin, who has no database row
    private static final String BOOTSTRAP = "bootstrap:";

    @Inject
    PatronService patrons;

    @Inject
    StaffService staff;

    @Inject
    AccessTokens tokens;

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    SignInFailures failures;

    @Inject
    SignInsPerAddress addresses;

    @Inject
    BootstrapAdmin admin;

    @Inject
    ServiceClients clients;

    @Inject
    PartnerApps partnerApps;

    @ConfigProperty(name = "lainaamo.patrons.pin-cost", defaultValue = "10")
    int pinCost;

    /**
     * A hash to check a PIN or password against when the card or account does not exist, so that the answer takes
     * as long as for one that does. Made on another thread as the service starts (it costs what a PIN hash costs,
     * about 0.4 s here), so that start-up does not wait for it; a sign-in in the first moments waits instead.
     */
    private volatile CompletableFuture<String> decoyHash;

    void onStart(@Observes StartupEvent started) {
        decoyHash = CompletableFuture.supplyAsync(() -> Pins.hash("0000", pinCost));
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
    public AccessToken signIn(PatronSignIn request, ClientAddress from) {
        Patron patron = checked(Lock.CARD, SignInFailures.cardHash(request.cardNumber()), from, () -> {
            Optional<Patron> found = patrons.forSignIn(request.cardNumber());
            boolean pinMatches = Pins.matches(found.map(p -> p.pinHash).orElseGet(decoyHash::join), request.pin());
            return pinMatches ? found : Optional.empty();
        });
        return patronTokens(patron);
    }

    /**
     * How every sign-in with a secret is checked: refused at once while the client address or the account is locked;
     * a wrong secret counts against both (and may lock either); the right one clears the account's count.
     */
    private <T> T checked(Lock lock, String accountHash, ClientAddress from, Supplier<Optional<T>> verify) {
        addresses.refusedUntil(from).ifPresent(until -> {
            throw new SignInLocked(Lock.ADDRESS, until);
        });
        failures.lockedUntil(accountHash).ifPresent(until -> {
            throw new SignInLocked(lock, until);
        });
        Optional<T> signedIn = verify.get();
        if (signedIn.isEmpty()) {
            addresses.failed(from);
            Optional<Instant> locked = failures.failed(accountHash);
            if (locked.isPresent()) {
                throw new SignInLocked(lock, locked.get());
            }
            throw new ProblemException(401, "invalid-credentials");
        }
        failures.succeeded(accountHash);
        return signedIn.get();
    }

    /** Access and refresh token for a patron who has proved who they are (card and PIN, or strong identification). */
    public AccessToken patronTokens(Patron p) {
        String refresh = refreshTokens.issue(new RefreshTokens.Holder(p.id.toString(), PATRON));
        return AccessToken.of(patronAccess(p), refresh);
    }

    private AccessTokens.Signed patronAccess(Patron p) {
        return tokens.sign(p.id.toString(), List.of(Roles.PATRON), p.municipality, p.libraryId, p.language);
    }

    /** The bootstrap consortium admin, or a staff account from the database; locked after wrong passwords as a card is. */
    public AccessToken staffSignIn(StaffSignIn request, ClientAddress from) {
        return checked(Lock.STAFF_ACCOUNT, SignInFailures.staffHash(request.username()), from, () -> {
            boolean userMatches = same(admin.username(), request.username());
            boolean passwordMatches = same(admin.password(), request.password());
            if (userMatches && passwordMatches) {
                String subject = BOOTSTRAP + admin.username();
                return Optional.of(AccessToken.of(bootstrapAccess(), refreshTokens.issue(new RefreshTokens.Holder(subject, STAFF))));
            }
            Optional<StaffAccount> account = staff.named(request.username());
            boolean matches = Pins.matches(account.map(a -> a.passwordHash).orElseGet(decoyHash::join), request.password());
            if (account.isEmpty() || !matches || userMatches) {
                return Optional.empty();
            }
            StaffAccount a = account.get();
            return Optional.of(AccessToken.of(staffAccess(a), refreshTokens.issue(new RefreshTokens.Holder(a.id.toString(), STAFF))));
        });
    }

    private AccessTokens.Signed bootstrapAccess() {
        return tokens.sign(staffId(admin.username()).toString(), List.of(Roles.CONSORTIUM_ADMIN), null, null, null);
    }

    private AccessTokens.Signed staffAccess(StaffAccount a) {
        return tokens.sign(a.id.toString(), List.of(a.role), null, a.libraryId, null);
    }

    /** A new access token and a new refresh token for a refresh token used once; the account must still exist. */
    public AccessToken refresh(String refreshToken) {
        RefreshTokens.Rotated rotated = refreshTokens.rotate(refreshToken);
        RefreshTokens.Holder holder = rotated.holder();
        AccessTokens.Signed access;
        if (PATRON.equals(holder.kind())) {
            access = patrons.forRefresh(UUID.fromString(holder.subject()))
                    .map(this::patronAccess)
                    .orElseThrow(() -> new ProblemException(401, "invalid-refresh-token"));
        } else if (holder.subject().startsWith(BOOTSTRAP)) {
            access = bootstrapAccess();
        } else {
            access = staff.byId(UUID.fromString(holder.subject())).map(this::staffAccess)
                    .orElseThrow(() -> new ProblemException(401, "invalid-refresh-token"));
        }
        return AccessToken.of(access, rotated.refreshToken());
    }

    public void signOut(String refreshToken) {
        refreshTokens.revoke(refreshToken);
    }

    /**
     * OAuth2 client credentials: configured service clients get the service role; registered partner apps get the
     * partner-app role, their scopes in {@code scope}, their library in {@code libraryId} and, for a reports:publisher
     * app, its publisher in {@code publisher}.
     */
    public OAuthToken clientCredentials(TokenRequest request) {
        if (!CLIENT_CREDENTIALS.equals(request.grantType())) {
            throw new ProblemException(400, "unsupported-grant-type");
        }
        String secret = request.clientId() == null ? null : clients.secrets().get(request.clientId());
        if (secret != null) {
            if (!same(secret, request.clientSecret())) {
                throw new ProblemException(401, "invalid-client");
            }
            return OAuthToken.of(tokens.sign(request.clientId(), List.of(Roles.SERVICE), null, null, null));
        }
        PartnerApp app = partnerApps.authenticated(request.clientId(), request.clientSecret())
                .orElseThrow(() -> new ProblemException(401, "invalid-client"));
        String scope = String.join(" ", app.scopeList());
        Map<String, Object> extra = new HashMap<>();
        extra.put("scope", scope);
        extra.put("client_id", app.clientId);
        if (app.publisher != null) {
            extra.put("publisher", app.publisher); // report-service's publisher data API reads this publisher only
        }
        return OAuthToken.of(tokens.sign(app.clientId, List.of(Roles.PARTNER_APP), null, app.libraryId, null, extra), scope);
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
