package fi.lainaamo.web.session;

import java.time.Instant;

/**
 * A signed-in patron's tokens. They travel only inside the encrypted session cookie ({@link SessionCookie}): the
 * browser's scripts never see them (HttpOnly), and no other site can read or forge the cookie.
 */
public record Session(String accessToken, String refreshToken, Instant accessExpires) {

    /** Whether the access token expires within {@code margin} and should be refreshed before the next call. */
    public boolean expiresWithin(java.time.Duration margin, Instant now) {
        return !accessExpires.minus(margin).isAfter(now);
    }
}
