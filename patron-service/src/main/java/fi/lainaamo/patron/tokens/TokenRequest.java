package fi.lainaamo.patron.tokens;

import jakarta.validation.constraints.Size;
import jakarta.ws.rs.FormParam;

/** An OAuth2 token request (RFC 6749, client credentials with client_secret_post), as the form sends it. */
public record TokenRequest(
        @FormParam("grant_type") @Size(max = 100) String grantType,
        @FormParam("client_id") @Size(max = 200) String clientId,
        @FormParam("client_secret") @Size(max = 500) String clientSecret) {

    /** Keeps the client secret out of any log line that prints the request. */
    @Override
    public String toString() {
        return "TokenRequest[grantType=" + grantType + ", clientId=" + clientId + "]";
    }
}
