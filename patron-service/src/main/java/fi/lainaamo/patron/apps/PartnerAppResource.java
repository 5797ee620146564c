package fi.lainaamo.patron.apps;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Consortium admins register partner apps (library systems, reading apps) that call the API with their own tokens. */
@Path("/v1/partner-apps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Partner apps")
public class PartnerAppResource {

    @Inject
    PartnerApps apps;

    @POST
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerPartnerApp", summary = "Register a partner app", description = "Answers the client id and secret (shown this once). The app gets tokens "
            + "from POST /v1/oauth/token with grant_type=client_credentials; they carry groups [partner-app], its scopes, libraryId and (reports:publisher) publisher.")
    @APIResponse(responseCode = "201", description = "The credentials", content = @Content(schema = @Schema(implementation = RegisteredPartnerApp.class)))
    @APIResponse(responseCode = "422", description = "unknown-scope, library-required, library-not-found, invalid-publisher, publisher-required or publisher-without-scope", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@Valid @NotNull NewPartnerApp app) {
        return Response.status(201).entity(apps.register(app)).header("Cache-Control", "no-store").build();
    }

    @GET
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "listPartnerApps", summary = "The registered partner apps", description = "Oldest first, with their scopes, "
            + "library and whether revoked; never a secret (only its bcrypt hash is kept).")
    public List<PartnerAppView> list(@QueryParam("limit") @DefaultValue("500") @Min(1) @Max(500) int limit) {
        return apps.list(limit);
    }
}
