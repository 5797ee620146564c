package fi.lainaamo.patron.libraries;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Libraries joining Lainaamo (consortium admins) and the public list apps use to tell who is served. */
@Path("/v1/libraries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Libraries")
public class LibraryResource {

    @Inject
    LibraryService libraries;

    @POST
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "joinLibrary", summary = "A library joins Lainaamo", description = "Consortium admins add a library with the municipalities it serves. "
            + "Residents of those municipalities can register from the join date on. A municipality belongs to one library only.")
    @APIResponse(responseCode = "201", description = "The library", content = @Content(schema = @Schema(implementation = LibraryView.class)))
    @APIResponse(responseCode = "400", description = "Invalid names, municipality codes or date", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "municipality-taken: another library already serves a municipality", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response join(@Valid @NotNull NewLibrary library) {
        LibraryView joined = libraries.join(library);
        return Response.created(URI.create("/v1/libraries/" + joined.id())).entity(joined).build();
    }

    // No paging: there are a few hundred municipalities in Finland, so the whole list stays small.
    @GET
    @PermitAll
    @Operation(operationId = "listLibraries", summary = "Every library and the municipalities it serves", description = "Public. Ordered by Finnish name, then id.")
    public List<LibraryView> list() {
        return libraries.all();
    }

    @POST
    @Path("/{id}/leave")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "leaveLibrary", summary = "A library leaves Lainaamo", description = "Body optional: {\"leftOn\": date}, today when omitted. From that day its "
            + "residents can no longer register or borrow; their loans run to their end. Publishes library left.")
    @APIResponse(responseCode = "200", description = "The library", content = @Content(schema = @Schema(implementation = LibraryView.class)))
    @APIResponse(responseCode = "404", description = "library-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "library-left: it has already left", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LibraryView leave(@PathParam("id") UUID id, LeaveRequest request) {
        return libraries.leave(id, request);
    }

    @PUT
    @Path("/{id}/municipalities")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeMunicipalities", summary = "Change the municipalities a library serves", description = "The whole new list. A municipality another library has "
            + "is refused unless moveFromOtherLibraries is true; then it moves here with its patrons (patron updated for each, library changed).")
    @APIResponse(responseCode = "200", description = "The library", content = @Content(schema = @Schema(implementation = LibraryView.class)))
    @APIResponse(responseCode = "409", description = "municipality-taken, or municipality-has-patrons for a dropped code", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LibraryView changeMunicipalities(@PathParam("id") UUID id, @Valid @NotNull MunicipalityChange change) {
        return libraries.changeMunicipalities(id, change);
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @Operation(operationId = "getLibrary", summary = "One library and the municipalities it serves", description = "Public.")
    @APIResponse(responseCode = "200", description = "The library", content = @Content(schema = @Schema(implementation = LibraryView.class)))
    @APIResponse(responseCode = "404", description = "library-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LibraryView get(@PathParam("id") UUID id) {
        return libraries.get(id);
    }
}
