package fi.lainaamo.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** loan-service signs and catalog-service checks content links; both rely on exactly these answers. */
class ContentLinksTest {

    static final String SECRET = "lainaamo-dev-only-content-signing-key";
    static final UUID PUBLICATION = UUID.fromString("3f8a2c1e-9b7d-4e6f-a1b2-c3d4e5f60718");
    static final long EXPIRES = 1767225600L;
    static final Instant BEFORE = Instant.ofEpochSecond(EXPIRES - 60);

    @Test
    void theSignatureIsHmacSha256OfIdNewlineExpiryInLowerCaseHex() {
        // computed apart from this code: printf '%s\n%s' 3f8a2c1e-… 1767225600 | openssl dgst -sha256 -hmac "$SECRET"
        assertEquals("9466bae4fcd346e4d7abe9433a3bac0783aefd7b787d476c75f5b5469d7e6598",
                ContentLinks.sign(SECRET, PUBLICATION, EXPIRES));
        assertEquals("expires=1767225600&sig=9466bae4fcd346e4d7abe9433a3bac0783aefd7b787d476c75f5b5469d7e6598",
                ContentLinks.query(SECRET, PUBLICATION, EXPIRES));
    }

    @Test
    void aSignatureWorksForItsPublicationUntilItExpires() {
        String sig = ContentLinks.sign(SECRET, PUBLICATION, EXPIRES);
        assertTrue(ContentLinks.verify(SECRET, PUBLICATION, EXPIRES, sig, BEFORE));
        assertTrue(ContentLinks.verify(SECRET, PUBLICATION, EXPIRES, sig, Instant.ofEpochSecond(EXPIRES - 1)));
        assertFalse(ContentLinks.verify(SECRET, PUBLICATION, EXPIRES, sig, Instant.ofEpochSecond(EXPIRES)), "expired at the second");
        assertFalse(ContentLinks.verify(SECRET, PUBLICATION, EXPIRES, sig, Instant.ofEpochSecond(EXPIRES + 3600)));
    }

    @Test
    void anythingElseIsRefused() {
        String sig = ContentLinks.sign(SECRET, PUBLICATION, EXPIRES);
        assertFalse(ContentLinks.verify(SECRET, UUID.randomUUID(), EXPIRES, sig, BEFORE), "another publication");
        assertFalse(ContentLinks.verify(SECRET, PUBLICATION, EXPIRES + 3600, sig, BEFORE), "a later expiry");
        assertFalse(ContentLinks.verify("another-secret", PUBLICATION, EXPIRES, sig, BEFORE), "another secret");
        assertFalse(ContentLinks.verify(SECRET, PUBLICATION, EXPIRES, sig.substring(1) + "0", BEFORE), "tampered");
        assertFalse(ContentLinks.verify(SECRET, PUBLICATION, EXPIRES, sig.toUpperCase(), BEFORE), "upper case");
        assertFalse(ContentLinks.verify(SECRET, PUBLICATION, EXPIRES, sig.substring(2), BEFORE), "shortened");
        assertFalse(ContentLinks.verify(SECRET, PUBLICATION, EXPIRES, "", BEFORE));
        assertFalse(ContentLinks.verify(SECRET, PUBLICATION, EXPIRES, null, BEFORE));
        assertThrows(IllegalArgumentException.class, () -> ContentLinks.sign("", PUBLICATION, EXPIRES));
    }
}
