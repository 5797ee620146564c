package fi.lainaamo.patron.tokens;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public keys that verify Lainaamo access tokens; every service (and this one) reads them from here. */
@Path("/.well-known/jwks.json")
@Tag(name = "Sign-in")
public class JwksResource {

    @Inject
    SigningKeys keys;

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getJwks", summary = "JSON Web Key Set of the token signing keys", description = "The current key and the previous one, newest first; public parts only.")
    public Response jwks() {
        return Response.ok(keys.jwks()).header("Cache-Control", "public, max-age=300").build();
    }
}
