package fi.lainaamo.devinfra;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens for service tests, signed with a fixed test-only RSA key whose JWKS {@link TestIdentityServer}
 * serves over HTTP, so the services verify them exactly as they verify patron-service's tokens.
 * Claims follow patron-service: sub, groups, municipality, libraryId, lang.
 */
public final class TestTokens {

    public static final String ISSUER = "https://lainaamo.fi/patron-service";
    public static final String KEY_ID = "lainaamo-test-key";

    private static final RsaJsonWebKey KEY = loadKey();

    private TestTokens() {
    }

    public static String patron(UUID patronId, String municipality, UUID libraryId) {
        return sign(patronId.toString(), List.of("patron"), municipality, libraryId);
    }

    public static String consortiumAdmin() {
        return sign(UUID.randomUUID().toString(), List.of("consortium-admin"), null, null);
    }

    public static String librarian(UUID libraryId) {
        return sign(UUID.randomUUID().toString(), List.of("librarian"), null, libraryId);
    }

    public static String service(String name) {
        return sign(name, List.of("service"), null, null);
    }

    public static String sign(String subject, List<String> roles, String municipality, UUID libraryId) {
        return sign(subject, roles, municipality, libraryId, Instant.now().plus(Duration.ofMinutes(15)));
    }

    /** A patron's token that expires (or expired) at {@code expiresAt}, issued fifteen minutes before it. */
    public static String patronExpiringAt(UUID patronId, Instant expiresAt) {
        return sign(patronId.toString(), List.of("patron"), "091", UUID.randomUUID(), expiresAt);
    }

    /**
     * A partner app's client-credentials token as patron-service issues it: groups [partner-app], its scopes in
     * {@code scope} and, for a reports:publisher app, its publisher (null: none).
     */
    public static String partnerApp(String clientId, String scope, String publisher) {
        java.util.Map<String, Object> extra = new java.util.HashMap<>();
        extra.put("scope", scope);
        extra.put("client_id", clientId);
        if (publisher != null) {
            extra.put("publisher", publisher);
        }
        return sign(clientId, List.of("partner-app"), null, null, Instant.now().plus(Duration.ofMinutes(15)), extra);
    }

    public static String sign(String subject, List<String> roles, String municipality, UUID libraryId, Instant expiresAt) {
        return sign(subject, roles, municipality, libraryId, expiresAt, java.util.Map.of());
    }

    private static String sign(String subject, List<String> roles, String municipality, UUID libraryId, Instant expiresAt,
                               java.util.Map<String, Object> extra) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(expiresAt.minus(Duration.ofMinutes(15)).getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        claims.setGeneratedJwtId();
        claims.setStringListClaim("groups", roles);
        if (municipality != null) {
            claims.setClaim("municipality", municipality);
        }
        if (libraryId != null) {
            claims.setClaim("libraryId", libraryId.toString());
        }
        claims.setClaim("lang", "fi");
        extra.forEach(claims::setClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(KEY.getPrivateKey());
        jws.setKeyIdHeaderValue(KEY_ID);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public half as a JSON Web Key Set. */
    public static String jwks() {
        return new JsonWebKeySet(KEY).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static RsaJsonWebKey loadKey() {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateKey privateKey = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(pem("private.pem")));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(pem("public.pem")));
            RsaJsonWebKey key = new RsaJsonWebKey(publicKey);
            key.setPrivateKey(privateKey);
            key.setKeyId(KEY_ID);
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            return key;
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the test identity key", e);
        }
    }

    private static byte[] pem(String name) throws IOException {
        try (InputStream in = TestTokens.class.getResourceAsStream("/lainaamo-test-identity/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        }
    }
}
