package fi.lainaamo.patron.tokens;

import fi.lainaamo.platform.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sign-in for patrons and staff, and the OAuth2 token endpoint for services: where Lainaamo's access tokens come from. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Sign-in")
public class SignInResource {

    /** The 429 answer of every sign-in with a secret (card and PIN, staff password), for its OpenAPI description. */
    public static final String OPENAPI_429 = "sign-in-locked: too many wrong secrets in a row for this card or account, refused even "
            + "with the right one until lockedUntil (lainaamo.sign-in.max-failures, lock-duration); sign-in-rate-limited: too many "
            + "failed sign-ins from this client address, whichever cards or usernames, refused until the window ends "
            + "(lainaamo.sign-in.address.max-failures, address.window). Both carry lockedUntil and retryAfter (seconds).";
    public static final String RETRY_AFTER = "Seconds until a sign-in from here is accepted again";

    @Inject
    TokenService tokens;

    @Inject
    StrongIdentification strong;

    @Inject
    ClientAddresses addresses;

    @POST
    @Path("/sign-in")
    @Operation(operationId = "signIn", summary = "Sign in with library card and PIN", description = "Returns a bearer token for the patron's own loans, holds and profile. "
            + "Wrong PINs in a row lock the card for a while; too many failed sign-ins from one client address refuse that address for a while.")
    @APIResponse(responseCode = "200", description = "Signed in", content = @Content(schema = @Schema(implementation = AccessToken.class)))
    @APIResponse(responseCode = "400", description = "Card number or PIN missing", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "invalid-credentials: wrong card number or PIN (the answer does not say which)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = OPENAPI_429,
            headers = @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER, format = "int64")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response signIn(@Valid @NotNull PatronSignIn credentials, @Context HttpServerRequest request) {
        return noStore(tokens.signIn(credentials, addresses.of(request)));
    }

    @POST
    @Path("/sign-in/oidc")
    @Operation(operationId = "signInWithIdToken", summary = "Sign in with strong identification", description = "The app identifies the resident at the configured OpenID "
            + "Connect provider and posts the ID token it got. The first sign-in registers the patron with the municipality from the "
            + "provider's claim (lainaamo.oidc.municipality-claim).")
    @APIResponse(responseCode = "200", description = "Signed in", content = @Content(schema = @Schema(implementation = AccessToken.class)))
    @APIResponse(responseCode = "401", description = "invalid-id-token: bad signature, issuer, audience or expired", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "oidc-not-configured", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "municipality-missing, or municipality-not-served at first sign-in", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response strongSignIn(@Valid @NotNull IdTokenSignIn request) {
        return noStore(strong.signIn(request.idToken()));
    }

    @POST
    @Path("/token/refresh")
    @Operation(operationId = "refreshToken", summary = "New tokens for a refresh token", description = "The refresh token is single-use: the answer carries a new one. "
            + "Presenting a used one again ends every token of that sign-in (it was copied).")
    @APIResponse(responseCode = "200", description = "New access and refresh token", content = @Content(schema = @Schema(implementation = AccessToken.class)))
    @APIResponse(responseCode = "401", description = "invalid-refresh-token: unknown, expired, used, revoked, or the account is gone", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response refresh(@Valid @NotNull RefreshRequest request) {
        return noStore(tokens.refresh(request.refreshToken()));
    }

    @POST
    @Path("/sign-out")
    @Operation(operationId = "signOut", summary = "Sign out", description = "Ends the refresh token and every token rotated from it. Access tokens already "
            + "handed out stay valid until they expire, at most five minutes (lainaamo.tokens.access-ttl) after they were issued.")
    @APIResponse(responseCode = "204", description = "Signed out (also for an unknown token)")
    public Response signOut(@Valid @NotNull RefreshRequest request) {
        tokens.signOut(request.refreshToken());
        return Response.noContent().build();
    }

    @POST
    @Path("/oauth/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "issueOAuthToken", summary = "OAuth2 client-credentials token for a service or partner app", description = "Form fields grant_type=client_credentials, "
            + "client_id and client_secret. A configured service client gets the service role; a registered partner app gets the partner-app role, "
            + "a scope claim with its scopes and its libraryId. The subject is the client id.")
    @APIResponse(responseCode = "200", description = "The token", content = @Content(schema = @Schema(implementation = OAuthToken.class)))
    @APIResponse(responseCode = "400", description = "unsupported-grant-type", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "invalid-client: unknown client or wrong secret", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response token(@Valid @BeanParam TokenRequest request) {
        return noStore(tokens.clientCredentials(request));
    }

    // RFC 6749 5.1: responses carrying tokens must not be cached
    public static Response noStore(Object token) {
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
