package fi.lainaamo.patron.patrons;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
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

import java.net.URI;

/** Residents register with their library card and read their own profile. */
@Path("/v1/patrons")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Patrons")
public class PatronResource {

    @Inject
    PatronService patrons;

    @Inject
    Caller caller;

    @POST
    @PermitAll
    @Operation(summary = "Register with a library card", description = "Open to anyone whose municipality is served by a library that has joined Lainaamo. "
            + "Sign in afterwards with the card number and PIN.")
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = PatronView.class)))
    @APIResponse(responseCode = "400", description = "Invalid card number, PIN, municipality or language", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "card-taken: the card is already registered", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "municipality-not-served: no library that has joined serves the municipality", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@Valid @NotNull NewPatron patron) {
        PatronView registered = patrons.register(patron);
        return Response.created(URI.create("/v1/patrons/me")).entity(registered).build();
    }

    @GET
    @Path("/me")
    @RolesAllowed(Roles.PATRON)
    @Operation(summary = "The signed-in patron's own profile")
    @APIResponse(responseCode = "200", description = "The profile", content = @Content(schema = @Schema(implementation = PatronView.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a patron token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "patron-not-found: the account no longer exists", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PatronView me() {
        return patrons.profile(caller.patronId());
    }
}
