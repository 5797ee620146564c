package fi.lainaamo.license.licences;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

/** Licence administration for the consortium's acquisitions staff, and the public availability of a title. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Licences")
public class LicenceResource {

    @Inject
    LicenceService licences;

    @Inject
    Availability availability;

    @POST
    @Path("/licences")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(summary = "Add a licence to a publication", description = "Consortium admins record a licence bought from a distributor. Its seats are lendable at once.")
    @APIResponse(responseCode = "201", description = "The licence", content = @Content(schema = @Schema(implementation = LicenceView.class)))
    @APIResponse(responseCode = "400", description = "Invalid terms", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response add(@Valid @NotNull NewLicence terms) {
        LicenceView licence = licences.add(terms);
        return Response.created(URI.create("/v1/licences/" + licence.id())).entity(licence).build();
    }

    @GET
    @Path("/licences/{id}")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(summary = "Read a licence with its seats and checkouts left")
    @APIResponse(responseCode = "404", description = "No such licence", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LicenceView get(@PathParam("id") UUID id) {
        return licences.get(id);
    }

    @GET
    @Path("/licences")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(summary = "List the licences of a publication")
    public List<LicenceView> list(@QueryParam("publicationId") @NotNull UUID publicationId) {
        return licences.forPublication(publicationId);
    }

    @GET
    @Path("/publications/{publicationId}/availability")
    @PermitAll
    @Operation(summary = "Seats of a publication right now", description = "The authoritative count; the catalogue's read model follows it through events.")
    public Availability.Seats availability(@PathParam("publicationId") UUID publicationId) {
        return availability.current(publicationId);
    }
}
