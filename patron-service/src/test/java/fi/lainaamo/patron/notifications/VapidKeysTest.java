package fi.lainaamo.patron.notifications;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A configured VAPID key pair: used as given, refused when its halves do not belong together; the header it signs. */
class VapidKeysTest {

    // RFC 8291 Appendix A's application server key pair: a real P-256 pair
    private static final String PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String OTHER_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";

    private static VapidKeys configured(String pub, String priv, Duration ttl) {
        VapidKeys keys = new VapidKeys();
        keys.configuredPublic = Optional.ofNullable(pub);
        keys.configuredPrivate = Optional.ofNullable(priv);
        keys.subject = "mailto:tuki@lainaamo.fi";
        keys.tokenTtl = ttl;
        return keys;
    }

    @Test
    void theConfiguredPairSignsAJwtForTheEndpointsOrigin() throws Exception {
        VapidKeys keys = configured(PUBLIC, PRIVATE, Duration.ofDays(3)); // more than RFC 8292 allows: capped
        assertEquals(PUBLIC, keys.publicKey());
        String header = keys.authorization(URI.create("https://push.example:8443/wpush/v2/abc?x=1"));
        Matcher m = Pattern.compile("^vapid t=([^.]+)\\.([^.]+)\\.([^,]+), k=(.+)$").matcher(header);
        assertTrue(m.matches(), header);
        assertEquals(PUBLIC, m.group(4));
        String claims = new String(Base64.getUrlDecoder().decode(m.group(2)), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"aud\":\"https://push.example:8443\""), claims);
        assertTrue(claims.contains("\"sub\":\"mailto:tuki@lainaamo.fi\""), claims);
        long exp = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));
        assertTrue(exp > Instant.now().getEpochSecond() && exp <= Instant.now().plus(Duration.ofHours(24)).getEpochSecond(), claims);
        Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
        verify.initVerify(WebPushCrypto.publicKey(WebPushCrypto.fromBase64url(PUBLIC)));
        verify.update((m.group(1) + "." + m.group(2)).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verify.verify(Base64.getUrlDecoder().decode(m.group(3))));
    }

    @Test
    void halvesThatDoNotBelongTogetherOrOneHalfAloneAreRefused() {
        assertThrows(IllegalStateException.class, () -> configured(OTHER_PUBLIC, PRIVATE, Duration.ofHours(12)).publicKey());
        assertThrows(IllegalStateException.class, () -> configured(PUBLIC, null, Duration.ofHours(12)).publicKey());
        assertThrows(IllegalStateException.class, () -> configured(null, PRIVATE, Duration.ofHours(12)).publicKey());
    }
}
