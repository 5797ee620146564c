package fi.lainaamo.patron.staff;

import fi.lainaamo.patron.tokens.AccessToken;
import fi.lainaamo.patron.tokens.ClientAddresses;
import fi.lainaamo.patron.tokens.SignInResource;
import fi.lainaamo.patron.tokens.StaffSignIn;
import fi.lainaamo.patron.tokens.TokenService;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

import java.net.URI;

/** Staff accounts: consortium admins create them; staff sign in here. */
@Path("/v1/staff")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Staff")
public class StaffResource {

    @Inject
    StaffService staff;

    @Inject
    TokenService tokens;

    @Inject
    ClientAddresses addresses;

    // here rather than in SignInResource: /v1/staff is this class's path, so its sub-paths must be too
    @POST
    @Path("/sign-in")
    @PermitAll
    @Operation(operationId = "signInStaff", summary = "Staff sign-in with username and password", description = "The bootstrap consortium admin from configuration, or a staff account created with POST /v1/staff. A librarian's token carries their libraryId. "
            + "Wrong passwords in a row lock the account for a while, as wrong PINs lock a card; failed sign-ins count against the "
            + "client address as patrons' do.")
    @APIResponse(responseCode = "200", description = "Signed in", content = @Content(schema = @Schema(implementation = AccessToken.class)))
    @APIResponse(responseCode = "400", description = "Username or password missing", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "invalid-credentials", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = SignInResource.OPENAPI_429,
            headers = @Header(name = "Retry-After", description = SignInResource.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER, format = "int64")),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response staffSignIn(@Valid @NotNull StaffSignIn credentials, @Context HttpServerRequest request) {
        return SignInResource.noStore(tokens.staffSignIn(credentials, addresses.of(request)));
    }

    @POST
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createStaffAccount", summary = "Create a staff account", description = "A librarian works for one library (libraryId) and sees only its patrons.")
    @APIResponse(responseCode = "201", description = "The account", content = @Content(schema = @Schema(implementation = StaffView.class)))
    @APIResponse(responseCode = "409", description = "username-taken", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "library-required or library-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@Valid @NotNull NewStaff account) {
        StaffView created = staff.create(account);
        return Response.created(URI.create("/v1/staff/" + created.id())).entity(created).build();
    }
}
