package fi.lainaamo.patron.tokens;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a sign-in: a bearer token for the other services' APIs. */
@Schema(description = "A bearer access token")
public record AccessToken(String accessToken, String tokenType,
                          @Schema(description = "Seconds until the token expires") long expiresIn) {

    static AccessToken of(AccessTokens.Signed signed) {
        return new AccessToken(signed.token(), "Bearer", signed.expiresIn());
    }
}
