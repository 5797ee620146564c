package fi.lainaamo.patron.tokens;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a sign-in: a bearer token for the other services' APIs. */
@Schema(description = "A bearer access token and its refresh token. The access token lasts five minutes (lainaamo.tokens.access-ttl): "
        + "sign-out ends the refresh token at once, but an access token already handed out works until it expires, so it is kept "
        + "short. Before it expires, get a new one with the refresh token.")
public record AccessToken(String accessToken, String tokenType,
                          @Schema(description = "Seconds until the access token expires: 300 (five minutes) by default", example = "300") long expiresIn,
                          @Schema(description = "Single-use token for POST /v1/token/refresh; each use returns a new one") String refreshToken) {

    static AccessToken of(AccessTokens.Signed signed, String refreshToken) {
        return new AccessToken(signed.token(), "Bearer", signed.expiresIn(), refreshToken);
    }

    /** Keeps the tokens out of any log line that prints the answer. */
    @Override
    public String toString() {
        return "AccessToken[expiresIn=" + expiresIn + "]";
    }
}
