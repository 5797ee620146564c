package fi.lainaamo.events;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The signature on links to a publication's content in catalog-service's content store. loan-service signs them for
 * an active loan, catalog-service checks them: the signature is the whole permission, so the two services share only
 * a secret and this class. HMAC-SHA256 over {@code "{publicationId}\n{expires}"} (the id in its lower-case
 * {@link UUID#toString()} form, the expiry in epoch seconds), as lower-case hex in the query parameter {@code sig},
 * the expiry in {@code expires}. A link works while the clock is before {@code expires}.
 */
public final class ContentLinks {

    /** Query parameter with the expiry, in epoch seconds. */
    public static final String EXPIRES = "expires";
    /** Query parameter with the signature, lower-case hex. */
    public static final String SIGNATURE = "sig";

    private ContentLinks() {
    }

    /** The signature for this publication until {@code expires} (epoch seconds). */
    public static String sign(String secret, UUID publicationId, long expires) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the content signing key is empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signedText(publicationId, expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** {@code expires=…&sig=…}, ready to append to a content URL after {@code ?}. */
    public static String query(String secret, UUID publicationId, long expires) {
        return EXPIRES + "=" + expires + "&" + SIGNATURE + "=" + sign(secret, publicationId, expires);
    }

    /**
     * True when {@code sig} was made with this secret for this publication and expiry, and {@code now} is before the
     * expiry. The comparison takes the same time wherever the signatures differ.
     */
    public static boolean verify(String secret, UUID publicationId, long expires, String sig, Instant now) {
        if (sig == null || publicationId == null || now.getEpochSecond() >= expires) {
            return false;
        }
        byte[] expected = sign(secret, publicationId, expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII));
    }

    /** The exact text the signature covers. */
    static String signedText(UUID publicationId, long expires) {
        return publicationId + "\n" + expires;
    }
}
