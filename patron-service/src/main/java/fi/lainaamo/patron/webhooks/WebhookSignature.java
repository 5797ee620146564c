package fi.lainaamo.patron.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Signatures per the Standard Webhooks specification (www.standardwebhooks.com): the secret is {@code whsec_} and the
 * base64 of random bytes; the signature is {@code v1,} and the base64 of HMAC-SHA256, keyed with those bytes, over
 * {@code "<webhook-id>.<webhook-timestamp>.<body>"}. Partners verify with any Standard Webhooks library. Plain Java.
 */
public final class WebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new endpoint secret: whsec_ and 32 random bytes in base64. */
    public static String newSecret() {
        byte[] raw = new byte[SECRET_BYTES];
        RANDOM.nextBytes(raw);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(raw);
    }

    /**
     * The value of the {@code webhook-signature} header with one signature per secret, space-separated (after a
     * rotation: the new secret's and the previous one's, so a receiver with either verifies).
     */
    public static String sign(List<String> secrets, String id, long timestamp, String body) {
        return String.join(" ", secrets.stream().map(secret -> sign(secret, id, timestamp, body)).toList());
    }

    /** The value of the {@code webhook-signature} header. */
    public static String sign(String secret, String id, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret);
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestamp + "." + body));
    }

    /** HMAC-SHA256 of the text; also what patron pseudonyms are made with. */
    static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
        }
    }

    /** A partner's pseudonym for a patron: base64url of HMAC-SHA256(app key, patron id). */
    public static String pseudonym(byte[] appKey, String patronId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(appKey, patronId));
    }

    static byte[] randomKey() {
        byte[] raw = new byte[SECRET_BYTES];
        RANDOM.nextBytes(raw);
        return raw;
    }
}
