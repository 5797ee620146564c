package fi.lainaamo.patron.tokens;

import fi.lainaamo.platform.problem.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
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

    @Inject
    TokenService tokens;

    @POST
    @Path("/sign-in")
    @Operation(summary = "Sign in with library card and PIN", description = "Returns a bearer token for the patron's own loans, holds and profile.")
    @APIResponse(responseCode = "200", description = "Signed in", content = @Content(schema = @Schema(implementation = AccessToken.class)))
    @APIResponse(responseCode = "400", description = "Card number or PIN missing", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "invalid-credentials: wrong card number or PIN (the answer does not say which)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response signIn(@Valid @NotNull PatronSignIn credentials) {
        return noStore(tokens.signIn(credentials));
    }

    @POST
    @Path("/staff/sign-in")
    @Operation(summary = "Staff sign-in with username and password", description = "For now the one bootstrap consortium admin from configuration.")
    @APIResponse(responseCode = "200", description = "Signed in", content = @Content(schema = @Schema(implementation = AccessToken.class)))
    @APIResponse(responseCode = "400", description = "Username or password missing", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "invalid-credentials", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response staffSignIn(@Valid @NotNull StaffSignIn credentials) {
        return noStore(tokens.staffSignIn(credentials));
    }

    @POST
    @Path("/oauth/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "OAuth2 client-credentials token for a service", description = "Form fields grant_type=client_credentials, client_id and client_secret. "
            + "The token has the service role; its subject is the client id.")
    @APIResponse(responseCode = "200", description = "The token", content = @Content(schema = @Schema(implementation = OAuthToken.class)))
    @APIResponse(responseCode = "400", description = "unsupported-grant-type", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "invalid-client: unknown client or wrong secret", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response token(@Valid @BeanParam TokenRequest request) {
        return noStore(tokens.clientCredentials(request));
    }

    // RFC 6749 5.1: responses carrying tokens must not be cached
    private static Response noStore(Object token) {
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
