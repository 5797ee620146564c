package fi.lainaamo.patron.tokens;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.HashUtil;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

/**
 * The token signing keys: created at first start, read from the database by every instance, published as a JWKS.
 * Two instances starting together on an empty database both take the same advisory lock, so only one key is made.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final long KEY_LOCK = 0x5349474e494e474bL; // "SIGNINGK"
    // how long an instance signs with the key it read before looking again (a rotation elsewhere shows up by then)
    private static final Duration RELOAD_AFTER = Duration.ofMinutes(1);

    @Inject
    EntityManager em;

    private volatile RsaJsonWebKey current;
    private volatile Instant loadedAt = Instant.EPOCH;

    void onStart(@Observes StartupEvent started) {
        QuarkusTransaction.requiringNew().run(this::createIfNone);
    }

    private void createIfNone() {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, KEY_LOCK).getSingleResult();
        if (SigningKey.current().isPresent()) {
            return;
        }
        SigningKey key = generate();
        key.persist();
        LOG.infof("created token signing key %s", key.kid);
    }

    /**
     * Makes a new key the current one. The JWKS publishes it together with the one before, so tokens signed until
     * now keep verifying until they expire; other instances pick the new key up within a minute.
     */
    public String rotate() {
        String kid = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, KEY_LOCK).getSingleResult();
            SigningKey key = generate();
            key.persist();
            return key.kid;
        });
        loadedAt = Instant.EPOCH;
        LOG.infof("rotated token signing key: %s is now current", kid);
        return kid;
    }

    /** The private key that signs new tokens, with its kid. */
    public RsaJsonWebKey signingKey() {
        RsaJsonWebKey key = current;
        if (key == null || Instant.now().isAfter(loadedAt.plus(RELOAD_AFTER))) {
            SigningKey row = QuarkusTransaction.joiningExisting().call(SigningKey::current)
                    .orElseThrow(() -> new IllegalStateException("no token signing key: it is created at start-up"));
            key = key != null && key.getKeyId().equals(row.kid) ? key : jwk(row, true);
            current = key;
            loadedAt = Instant.now();
        }
        return key;
    }

    /** The public JWKS: public parts only, the current key and the previous one, newest first. */
    public String jwks() {
        List<SigningKey> keys = QuarkusTransaction.joiningExisting().call(SigningKey::published);
        JsonWebKeySet set = new JsonWebKeySet(keys.stream().map(k -> (JsonWebKey) jwk(k, false)).toList());
        return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            SigningKey key = new SigningKey();
            key.kid = new RsaJsonWebKey((RSAPublicKey) pair.getPublic()).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
            key.privateKey = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
            key.publicKey = pem("PUBLIC KEY", pair.getPublic().getEncoded());
            key.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    static RsaJsonWebKey jwk(SigningKey key, boolean withPrivate) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der(key.publicKey))));
            if (withPrivate) {
                jwk.setPrivateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der(key.privateKey))));
            }
            jwk.setKeyId(key.kid);
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            jwk.setUse("sig");
            return jwk;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + key.kid + " cannot be read", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
