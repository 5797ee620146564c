package fi.lainaamo.patron.tokens;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Signs Lainaamo access tokens (RS256). The claims are the ones every service reads: sub, groups (roles),
 * municipality, libraryId and lang, besides iss, iat, exp and jti.
 */
@ApplicationScoped
public class AccessTokens {

    @Inject
    SigningKeys keys;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    // short, because sign-out, a block or an erasure cannot call back a token already handed out: it works until it expires
    @ConfigProperty(name = "lainaamo.tokens.access-ttl", defaultValue = "5m")
    Duration ttl;

    /** A signed token and how many seconds it stays valid. */
    public record Signed(String token, long expiresIn) {
    }

    /** Signs a token; municipality, library and language are left out when null (staff, services). */
    public Signed sign(String subject, List<String> roles, String municipality, UUID libraryId, String language) {
        return sign(subject, roles, municipality, libraryId, language, java.util.Map.of());
    }

    /** Signs a token with further claims (a partner app's {@code scope}). */
    public Signed sign(String subject, List<String> roles, String municipality, UUID libraryId, String language,
                       java.util.Map<String, Object> extra) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        NumericDate now = NumericDate.now();
        NumericDate expires = NumericDate.fromSeconds(now.getValue() + ttl.toSeconds());
        claims.setIssuedAt(now);
        claims.setExpirationTime(expires);
        claims.setGeneratedJwtId();
        claims.setStringListClaim("groups", roles);
        if (municipality != null) {
            claims.setClaim("municipality", municipality);
        }
        if (libraryId != null) {
            claims.setClaim("libraryId", libraryId.toString());
        }
        if (language != null) {
            claims.setClaim("lang", language);
        }
        extra.forEach(claims::setClaim);
        RsaJsonWebKey key = keys.signingKey();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return new Signed(jws.getCompactSerialization(), ttl.toSeconds());
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
    }
}
