package fi.lainaamo.patron.tokens;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a sign-in: a bearer token for the other services' APIs. */
@Schema(description = "A bearer access token")
public record AccessToken(String accessToken, String tokenType,
                          @Schema(description = "Seconds until the token expires") long expiresIn,
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
