package fi.lainaamo.patron.notifications;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The VAPID key pair (RFC 8292) push services know Lainaamo by, and the {@code Authorization: vapid t=..., k=...}
 * header of each push. From configuration when both halves are given (base64url: the 65-byte public point and the
 * 32-byte private scalar, as web-push tools print them); else created once at first start and kept in the database, so
 * every instance signs with the key the browsers subscribed with (an advisory lock makes two instances starting
 * together create one).
 */
@ApplicationScoped
public class VapidKeys {

    private static final Logger LOG = Logger.getLogger(VapidKeys.class);
    /** RFC 8292 section 2: exp no more than 24 hours from the request. */
    private static final Duration MAX_TOKEN_TTL = Duration.ofHours(24).minusMinutes(5);
    private static final long KEY_LOCK = 0x56415049444b4559L; // "VAPIDKEY"

    @Inject
    EntityManager em;

    @ConfigProperty(name = "lainaamo.push.vapid.public-key")
    Optional<String> configuredPublic;

    @ConfigProperty(name = "lainaamo.push.vapid.private-key")
    Optional<String> configuredPrivate;

    /** The JWT's sub: a contact for the push service's operators. */
    @ConfigProperty(name = "lainaamo.push.vapid.subject", defaultValue = "mailto:tuki@lainaamo.fi")
    String subject;

    /** How long a VAPID JWT is valid; RFC 8292 allows at most 24 hours. */
    @ConfigProperty(name = "lainaamo.push.vapid.token-ttl", defaultValue = "12h")
    Duration tokenTtl;

    private volatile ECPrivateKey privateKey;
    private volatile byte[] publicKey;

    void onStart(@Observes StartupEvent started) {
        load();
    }

    private void load() {
        if (privateKey == null) {
            loadOnce();
        }
    }

    private synchronized void loadOnce() {
        if (privateKey != null) {
            return;
        }
        boolean hasPublic = configuredPublic.filter(s -> !s.isBlank()).isPresent();
        boolean hasPrivate = configuredPrivate.filter(s -> !s.isBlank()).isPresent();
        if (hasPublic != hasPrivate) {
            throw new IllegalStateException("lainaamo.push.vapid.public-key and .private-key are configured together or not at all");
        }
        if (hasPublic) {
            byte[] pub = WebPushCrypto.fromBase64url(configuredPublic.get().strip());
            ECPrivateKey configured = WebPushCrypto.privateKey(WebPushCrypto.fromBase64url(configuredPrivate.get().strip()));
            if (!halvesOfOnePair(WebPushCrypto.publicKey(pub), configured)) { // publicKey(...) refuses what is not a P-256 point
                throw new IllegalStateException("lainaamo.push.vapid.public-key and .private-key are not one key pair");
            }
            publicKey = pub; // first: privateKey set is what tells other threads the pair is loaded
            privateKey = configured;
            return;
        }
        Object[] row = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, KEY_LOCK).getSingleResult();
            @SuppressWarnings("unchecked")
            List<Object[]> found = em.createNativeQuery("select private_key, public_key from vapid_key where id = 1").getResultList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            KeyPair pair = WebPushCrypto.newKeyPair();
            Object[] created = {Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                    WebPushCrypto.base64url(WebPushCrypto.uncompressed((ECPublicKey) pair.getPublic()))};
            em.createNativeQuery("insert into vapid_key (id, private_key, public_key) values (1, ?1, ?2)")
                    .setParameter(1, created[0]).setParameter(2, created[1]).executeUpdate();
            LOG.info("created the VAPID key pair for Web Push");
            return created;
        });
        publicKey = WebPushCrypto.fromBase64url((String) row[1]);
        privateKey = WebPushCrypto.privateKeyPkcs8(Base64.getDecoder().decode((String) row[0]));
    }

    /** The public key, base64url: the {@code applicationServerKey} an app passes to {@code pushManager.subscribe}. */
    public String publicKey() {
        load();
        return WebPushCrypto.base64url(publicKey);
    }

    /** {@code vapid t=<ES256 JWT for the endpoint's origin>, k=<public key>}. */
    public String authorization(URI endpoint) {
        load();
        String origin = origin(endpoint);
        Duration ttl = tokenTtl.compareTo(MAX_TOKEN_TTL) > 0 ? MAX_TOKEN_TTL : tokenTtl;
        long exp = Instant.now().plus(ttl).getEpochSecond();
        String header = b64("{\"typ\":\"JWT\",\"alg\":\"ES256\"}");
        String claims = b64("{\"aud\":\"" + origin + "\",\"exp\":" + exp + ",\"sub\":\"" + subject.replace("\"", "") + "\"}");
        String signingInput = header + "." + claims;
        String signature = WebPushCrypto.base64url(WebPushCrypto.es256(privateKey, signingInput.getBytes(StandardCharsets.US_ASCII)));
        return "vapid t=" + signingInput + "." + signature + ", k=" + publicKey();
    }

    private static boolean halvesOfOnePair(ECPublicKey pub, ECPrivateKey priv) {
        try {
            byte[] probe = "lainaamo-vapid".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature verify = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
            verify.initVerify(pub);
            verify.update(probe);
            return verify.verify(WebPushCrypto.es256(priv, probe));
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /** scheme://host[:port], the port only when it is not the scheme's default. */
    static String origin(URI endpoint) {
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
        int port = endpoint.getPort();
        boolean defaultPort = port < 0 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + endpoint.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static String b64(String json) {
        return WebPushCrypto.base64url(json.getBytes(StandardCharsets.UTF_8));
    }
}
