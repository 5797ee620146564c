package fi.lainaamo.patron.tokens;

import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** Consortium admins rotate the token signing key, e.g. on a schedule or when a key may have leaked. */
@Path("/v1/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in")
public class KeyResource {

    @Inject
    SigningKeys keys;

    @POST
    @Path("/rotate")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "rotateSigningKey", summary = "Rotate the signing key", description = "A new key signs from now on; the JWKS publishes it and the previous one, "
            + "so tokens signed before keep verifying until they expire. Rotating twice within a token lifetime cuts those tokens short.")
    public Map<String, String> rotate() {
        return Map.of("kid", keys.rotate());
    }
}
