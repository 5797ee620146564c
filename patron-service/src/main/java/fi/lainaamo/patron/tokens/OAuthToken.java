package fi.lainaamo.patron.tokens;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The OAuth2 token response (RFC 6749 section 5.1), with the field names OAuth2 clients expect. */
@Schema(description = "An OAuth2 access token response. The token lasts five minutes (lainaamo.tokens.access-ttl); ask for a new one "
        + "before it expires.")
public record OAuthToken(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") @Schema(description = "Seconds until the token expires: 300 (five minutes) by default", example = "300") long expiresIn,
                         @JsonProperty("scope") @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String scope) {

    static OAuthToken of(AccessTokens.Signed signed) {
        return new OAuthToken(signed.token(), "Bearer", signed.expiresIn(), null);
    }

    static OAuthToken of(AccessTokens.Signed signed, String scope) {
        return new OAuthToken(signed.token(), "Bearer", signed.expiresIn(), scope);
    }
}
