package fi.lainaamo.catalog.publications;

import fi.lainaamo.catalog.availability.AvailabilityView;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.UUID;

/** The catalogue over HTTP: cataloguing for consortium admins, title pages and the title list for everyone. */
@Path("/v1/publications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Publications")
public class PublicationResource {

    @Inject
    PublicationService publications;

    @POST
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "createPublication", summary = "Add a publication to the catalogue", description = "Consortium admins catalogue an e-book or audiobook. Every bad field is reported at once and nothing is stored.")
    @APIResponse(responseCode = "201", description = "The publication", content = @Content(schema = @Schema(implementation = PublicationView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields, each listed in errors", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "isbn-taken: another publication has this ISBN", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@Valid @NotNull PublicationDetails details) {
        PublicationView publication = publications.create(details);
        return Response.created(URI.create("/v1/publications/" + publication.id())).entity(publication).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "replacePublication", summary = "Replace a publication's description", description = "Replaces every editable field (omitted ones become empty). An id the catalogue does not know yet creates the publication under that id (201), so imports and licences prepared ahead of time can use a stable id.")
    @APIResponse(responseCode = "200", description = "The publication, replaced", content = @Content(schema = @Schema(implementation = PublicationView.class)))
    @APIResponse(responseCode = "201", description = "The publication, created under this id", content = @Content(schema = @Schema(implementation = PublicationView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields, each listed in errors; nothing changed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "isbn-taken: another publication has this ISBN", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response replace(@PathParam("id") UUID id, @Valid @NotNull PublicationDetails details) {
        PublicationService.Saved saved = publications.replace(id, details);
        if (!saved.created()) {
            return Response.ok(saved.publication()).build();
        }
        return Response.created(URI.create("/v1/publications/" + id)).entity(saved.publication()).build();
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @Operation(operationId = "getPublication", summary = "Read a publication with its availability", description = "The title page: the description and how many copies are free, as the catalogue last heard from license-service.")
    @APIResponse(responseCode = "200", description = "The publication", content = @Content(schema = @Schema(implementation = PublicationView.class)))
    @APIResponse(responseCode = "404", description = "publication-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PublicationView get(@PathParam("id") UUID id) {
        return publications.get(id);
    }

    @GET
    @PermitAll
    @Operation(operationId = "listPublications", summary = "List the catalogue page by page", description = "Publications in the order they were added to the catalogue (oldest first, ties by id). "
            + "Editing a publication never moves it, so paging through is stable: follow `next` until it is null.")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(schema = @Schema(implementation = PublicationPage.class)))
    @APIResponse(responseCode = "400", description = "limit outside 1..100, or invalid-cursor: after names no publication", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PublicationPage list(
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) @Parameter(description = "Page size, 1 to 100") int limit,
            @QueryParam("after") @Size(max = 36) @Parameter(description = "Continue after this publication id (the last item of the previous page)") String after) {
        return publications.list(limit, after);
    }

    @POST
    @Path("/{id}/withdraw")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "withdrawPublication", summary = "Withdraw a publication", description = "Takes the title out of search and OPDS feeds and tells loan-service (publication-withdrawn event). "
            + "Existing loans continue. Withdrawing a withdrawn title changes nothing and answers the same.")
    @APIResponse(responseCode = "200", description = "The publication, withdrawn", content = @Content(schema = @Schema(implementation = PublicationView.class)))
    @APIResponse(responseCode = "400", description = "No reason given", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "publication-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PublicationView withdraw(@PathParam("id") UUID id, @Valid @NotNull Withdrawal withdrawal) {
        return publications.withdraw(id, withdrawal.reason());
    }

    @POST
    @Path("/{id}/reinstate")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "reinstatePublication", summary = "Reinstate a withdrawn publication", description = "Brings a withdrawn title back into search and OPDS feeds and tells loan-service "
            + "(publication-reinstated event), which takes holds and loans for it again. Holds the withdrawal cancelled stay cancelled. "
            + "The withdrawal's reason and time are cleared. A title that is not withdrawn is refused with publication-not-withdrawn.")
    @APIResponse(responseCode = "200", description = "The publication, active again", content = @Content(schema = @Schema(implementation = PublicationView.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "publication-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "publication-not-withdrawn: the publication is in the catalogue already", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PublicationView reinstate(@PathParam("id") UUID id) {
        return publications.reinstate(id);
    }

    // here rather than in the availability package: it answers for a catalogued publication (404 otherwise)
    @GET
    @Path("/{id}/availability")
    @PermitAll
    @Operation(operationId = "getPublicationAvailability", summary = "Copies of a publication free to borrow", description = "The catalogue's read model, fed by license-service's events; 0/0 until the first one arrives.")
    @APIResponse(responseCode = "200", description = "The availability", content = @Content(schema = @Schema(implementation = AvailabilityView.class)))
    @APIResponse(responseCode = "404", description = "publication-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AvailabilityView availability(@PathParam("id") UUID id) {
        return publications.availability(id);
    }
}
