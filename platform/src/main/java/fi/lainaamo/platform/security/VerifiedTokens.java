package fi.lainaamo.platform.security;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens this service has verified, kept so that a patron's next requests skip the signature check (an RSA
 * verification and the claims' parsing were 6.5 % of loan-service's CPU in the borrow benchmark: BENCHMARKS.md,
 * issue 14). A token is known by its whole text, signature included, so a changed token is verified anew; it is kept
 * for at most {@link #KEPT_MILLIS} and never past its expiry, after which it is verified again (and refused once
 * expired), so a signing key withdrawn from the key set stops working here within a minute.
 */
@Decorator
@Priority(10)
public abstract class VerifiedTokens implements JWTParser {

    /** How long a verified token is taken without a new check, at most. */
    static final long KEPT_MILLIS = 60_000;
    /** How many tokens are kept; past it the expired ones go, and if none has expired, all of them. */
    static final int MOST = 4_096;

    private record Verified(JsonWebToken token, long until) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    @Delegate
    @Any
    JWTParser parser;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = System.currentTimeMillis();
        Verified known = verified.get(token);
        if (known != null && now < known.until()) {
            return known.token();
        }
        JsonWebToken checked = parser.parse(token);
        long expires = checked.getExpirationTime() * 1000;
        long until = Math.min(now + KEPT_MILLIS, expires);
        if (until > now) {
            if (verified.size() >= MOST) {
                verified.values().removeIf(v -> v.until() <= now);
                if (verified.size() >= MOST) {
                    verified.clear();
                }
            }
            verified.put(token, new Verified(checked, until));
        }
        return checked;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context); // another context: another set of keys and rules, never the kept tokens
    }
}
