package fi.lainaamo.license.licences;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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
    @Operation(operationId = "addLicence", summary = "Add a licence to a publication", description = "Consortium admins record a licence bought from a distributor. Its seats are lendable at once. The publication must be one the catalogue knows: license-service learns them from the catalogue's events (and from its own ODL imports), so a publication added to the catalogue a moment ago may be unknown for a few seconds.")
    @APIResponse(responseCode = "201", description = "The licence", content = @Content(schema = @Schema(implementation = LicenceView.class)))
    @APIResponse(responseCode = "400", description = "Invalid terms", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "unknown-publication: the catalogue has no such publication (yet); nothing was stored", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response add(@Valid @NotNull NewLicence terms) {
        LicenceView licence = licences.add(terms);
        return Response.created(URI.create("/v1/licences/" + licence.id())).entity(licence).build();
    }

    @GET
    @Path("/licences/{id}")
    @RolesAllowed({Roles.CONSORTIUM_ADMIN, Roles.LIBRARIAN})
    @Operation(operationId = "getLicence", summary = "Read a licence with its usage", description = "Seats taken and held for holds, checkouts used and left, expiry, cost per loan so far. Librarians may read.")
    @APIResponse(responseCode = "200", description = "The licence", content = @Content(schema = @Schema(implementation = LicenceView.class)))
    @APIResponse(responseCode = "404", description = "No such licence", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LicenceView get(@PathParam("id") UUID id) {
        return licences.get(id);
    }

    @GET
    @Path("/licences")
    @RolesAllowed({Roles.CONSORTIUM_ADMIN, Roles.LIBRARIAN})
    @Operation(operationId = "listLicences", summary = "The licences of a publication with their usage", description = "Oldest first. Checkouts used and left, seats taken, expiry and cost per loan so far, for acquisitions.")
    @APIResponse(responseCode = "200", description = "The licences", content = @Content(schema = @Schema(implementation = LicenceView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "publicationId missing", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LicenceView> list(@QueryParam("publicationId") @NotNull UUID publicationId) {
        return licences.forPublication(publicationId);
    }

    @GET
    @Path("/licences/expiring")
    @RolesAllowed({Roles.CONSORTIUM_ADMIN, Roles.LIBRARIAN})
    @Operation(operationId = "listExpiringLicences", summary = "Licences expiring soon", description = "Licences still in force that expire within the given ISO 8601 duration (default P30D), soonest first: renew or let go. A full page has a Link rel=next header.")
    @APIResponse(responseCode = "200", description = "The licences", content = @Content(schema = @Schema(implementation = LicenceView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "invalid-request: within is not a positive duration up to P3660D", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response expiring(
            @QueryParam("within") @DefaultValue("P30D") @Size(max = 8) @Pattern(regexp = "P(\\d{1,4}D|\\d{1,3}W|\\d{1,3}M|T\\d{1,5}H)") String within,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(LicenceService.MAX_PAGE) int limit,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(1_000_000) int offset,
            @Context UriInfo uri) {
        return page(licences.expiring(Windows.parse(within), offset, limit), offset, limit, uri);
    }

    @GET
    @Path("/licences/nearly-exhausted")
    @RolesAllowed({Roles.CONSORTIUM_ADMIN, Roles.LIBRARIAN})
    @Operation(operationId = "listNearlyExhaustedLicences", summary = "Metered licences nearly used up", description = "Licences in force with at most checkoutsLeftAtMost checkouts left (default 5), fewest first. A full page has a Link rel=next header.")
    @APIResponse(responseCode = "200", description = "The licences", content = @Content(schema = @Schema(implementation = LicenceView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "invalid-request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response nearlyExhausted(
            @QueryParam("checkoutsLeftAtMost") @DefaultValue("5") @Min(0) @Max(1_000_000) int atMost,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(LicenceService.MAX_PAGE) int limit,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(1_000_000) int offset,
            @Context UriInfo uri) {
        return page(licences.nearlyExhausted(atMost, offset, limit), offset, limit, uri);
    }

    /** A full page links to the next one (RFC 8288 Link header); the order is stable, so pages do not overlap. */
    private static Response page(List<LicenceView> rows, int offset, int limit, UriInfo uri) {
        Response.ResponseBuilder answer = Response.ok(rows);
        if (rows.size() == limit) {
            answer.link(uri.getRequestUriBuilder().replaceQueryParam("offset", offset + limit).build(), "next");
        }
        return answer.build();
    }

    @GET
    @Path("/publications/{publicationId}/availability")
    @PermitAll
    @Operation(operationId = "getSeatAvailability", summary = "Seats of a publication right now", description = "The authoritative count; the catalogue's read model follows it through events. Unlimited licences set unlimited and count as Integer.MAX_VALUE seats.")
    @APIResponse(responseCode = "200", description = "Seats total, free and held for ready holds", content = @Content(schema = @Schema(implementation = Availability.Seats.class)))
    public Availability.Seats availability(@PathParam("publicationId") UUID publicationId) {
        return availability.current(publicationId);
    }
}
