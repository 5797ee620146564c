package fi.lainaamo.patron.notifications;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Web Push message encryption against RFC 8291's worked example (Appendix A), and the ES256 signature form of VAPID. */
class WebPushCryptoTest {

    // RFC 8291, Appendix A: the user agent's and the application server's keys, the auth secret, the salt, and the
    // message the application server sends (record size 4096, one record, no padding)
    private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    private static final String MESSAGE = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void theRfc8291ExampleEncryptsToTheMessageTheRfcGives() {
        ECPublicKey asPublic = WebPushCrypto.publicKey(WebPushCrypto.fromBase64url(AS_PUBLIC));
        ECPrivateKey asPrivate = WebPushCrypto.privateKey(WebPushCrypto.fromBase64url(AS_PRIVATE));
        byte[] body = WebPushCrypto.encrypt(PLAINTEXT.getBytes(StandardCharsets.US_ASCII),
                WebPushCrypto.publicKey(WebPushCrypto.fromBase64url(UA_PUBLIC)), WebPushCrypto.fromBase64url(AUTH),
                new KeyPair(asPublic, asPrivate), WebPushCrypto.fromBase64url(SALT));
        assertEquals(MESSAGE, WebPushCrypto.base64url(body));
    }

    @Test
    void keysRoundTripAndAPointOffTheCurveIsRefused() {
        byte[] ua = WebPushCrypto.fromBase64url(UA_PUBLIC);
        assertArrayEquals(ua, WebPushCrypto.uncompressed(WebPushCrypto.publicKey(ua)));
        byte[] off = ua.clone();
        off[64] ^= 1; // y changed by one bit: no longer on P-256
        assertThrows(IllegalArgumentException.class, () -> WebPushCrypto.publicKey(off));
        assertThrows(IllegalArgumentException.class, () -> WebPushCrypto.publicKey(Arrays.copyOf(ua, 33))); // compressed length
        byte[] notUncompressed = ua.clone();
        notUncompressed[0] = 0x03;
        assertThrows(IllegalArgumentException.class, () -> WebPushCrypto.publicKey(notUncompressed));
        byte[] zeros = new byte[65];
        zeros[0] = 0x04;
        assertThrows(IllegalArgumentException.class, () -> WebPushCrypto.publicKey(zeros));
    }

    @Test
    void es256SignaturesAreRawRAndSThatTheJdkVerifies() throws Exception {
        for (int i = 0; i < 50; i++) { // some r or s have a high bit set or are shorter: DER pads and trims them
            KeyPair pair = WebPushCrypto.newKeyPair();
            byte[] input = ("header.claims" + i).getBytes(StandardCharsets.US_ASCII);
            byte[] raw = WebPushCrypto.es256((ECPrivateKey) pair.getPrivate(), input);
            assertEquals(64, raw.length);
            Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format"); // the JDK's own r || s form
            verify.initVerify(pair.getPublic());
            verify.update(input);
            assertTrue(verify.verify(raw), "signature " + i);
        }
    }

    @Test
    void theOriginIsSchemeHostAndAnyPortThatIsNotTheDefault() {
        assertEquals("https://fcm.googleapis.com", VapidKeys.origin(java.net.URI.create("https://fcm.googleapis.com/fcm/send/abc")));
        assertEquals("https://push.example:8443", VapidKeys.origin(java.net.URI.create("https://Push.Example:8443/x")));
        assertEquals("https://push.example", VapidKeys.origin(java.net.URI.create("https://push.example:443/x")));
        assertEquals("http://localhost:8099", VapidKeys.origin(java.net.URI.create("http://localhost:8099/push/1")));
    }
}
