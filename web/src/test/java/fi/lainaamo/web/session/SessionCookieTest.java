package fi.lainaamo.web.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionCookieTest {

    private static SessionCookie cookie(String secret) {
        SessionCookie cookie = new SessionCookie(Optional.of(secret));
        cookie.json = new ObjectMapper();
        return cookie;
    }

    private final Session session = new Session("access.jwt.token", "refresh-token", Instant.ofEpochSecond(1_800_000_000L));

    @Test
    void opensWhatItSealedAndNothingElse() {
        SessionCookie ours = cookie("one secret");
        String sealed = ours.encode(session);
        assertEquals(Optional.of(session), ours.decode(sealed));
        assertFalse(sealed.contains("refresh-token") || sealed.contains("access"), "the tokens are not readable in the cookie");
        assertNotEquals(sealed, ours.encode(session), "a fresh nonce each time");

        assertEquals(Optional.empty(), cookie("another secret").decode(sealed), "made under another key");
        byte[] bytes = Base64.getUrlDecoder().decode(sealed);
        bytes[bytes.length - 20] ^= 1;
        assertEquals(Optional.empty(), ours.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)), "changed by hand");
        assertEquals(Optional.empty(), ours.decode("not base64 at all!"));
        assertEquals(Optional.empty(), ours.decode("AAAA"));
        assertEquals(Optional.empty(), ours.decode(""));
    }

    @Test
    void refreshesWithinTheMargin() {
        Instant now = Instant.ofEpochSecond(1_800_000_000L - 30);
        assertFalse(session.expiresWithin(java.time.Duration.ofSeconds(20), now));
        assertTrue(session.expiresWithin(java.time.Duration.ofSeconds(30), now));
        assertTrue(session.expiresWithin(java.time.Duration.ofSeconds(20), now.plusSeconds(15)));
    }
}
