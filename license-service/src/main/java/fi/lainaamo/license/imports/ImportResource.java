package fi.lainaamo.license.imports;

import fi.lainaamo.platform.http.Upload;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
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

/** Licences from distributors' ODL feeds, and reconciliation with their License Info Documents. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CONSORTIUM_ADMIN)
@Tag(name = "Imports", description = "ODL feeds from distributors (consortium admins)")
public class ImportResource {

    static final String OPDS_JSON = "application/opds+json";

    @Inject
    OdlImports imports;

    @Inject
    Reconciliation reconciliation;

    @Inject
    OdlImportJobs jobs;

    @POST
    @Path("/imports/odl")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "importOdlFeed", summary = "Import licences from a distributor's ODL feed URL", description = "Fetches the feed once from a host:port in lainaamo.distributors.allowed-hosts, following next links to any allowed host:port (a relative link is relative to its own page), imports or updates each licence, and passes each publication's metadata on to catalog-service. A next link to a host or port that is not allowed is not fetched: the pages before it are imported and the report says so (complete false, incompleteReason next-page-host-not-allowed). Re-importing the same feed changes nothing; a licence of the same distributor missing from a complete feed is marked unavailable. With reconcile=true each licence's License Info Document is read before anything is applied; a licence whose document is another licence's (info-document-of-other-licence, info-document-without-identifier) is rejected: neither imported nor updated.")
    @APIResponse(responseCode = "200", description = "What became of each licence", content = @Content(schema = @Schema(implementation = ImportReport.class)))
    @APIResponse(responseCode = "400", description = "invalid-request, or host-not-allowed: the feed URL's host and port are not on the allow-list (nothing is fetched from it)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "distributor-error, distributor-unreachable or distributor-bad-document: nothing was imported", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "504", description = "distributor-timeout: nothing was imported", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ImportReport fromUrl(@Valid @NotNull FeedImportRequest request,
                                @QueryParam("reconcile") @DefaultValue("false") boolean reconcile,
                                @Context HttpHeaders headers) {
        return imports.fromUrl(request, reconcile, Messages.locale(headers));
    }

    @POST
    @Path("/imports/odl")
    @Consumes(OPDS_JSON)
    @Upload
    @Operation(operationId = "importOdlFeed", summary = "Import licences from an ODL feed sent as the body", description = "For feeds a distributor delivers by other means. The distributor defaults to the host of the feed's self link. A page with a next link marks nothing unavailable (it is not the whole feed).")
    @APIResponse(responseCode = "200", description = "What became of each licence", content = @Content(schema = @Schema(implementation = ImportReport.class)))
    @APIResponse(responseCode = "400", description = "invalid-feed or distributor-required", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ImportReport fromBody(@NotBlank @Size(max = 20_000_000) String feed,
                                 @Parameter(description = "Whose licences these are") @QueryParam("distributor") @Size(max = 200) String distributor,
                                 @QueryParam("reconcile") @DefaultValue("false") boolean reconcile,
                                 @Context HttpHeaders headers) {
        return imports.fromBody(feed, distributor, reconcile, Messages.locale(headers));
    }

    @POST
    @Path("/imports/odl/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startOdlImportJob", summary = "Start importing a distributor's ODL feed URL in the background", description = "As POST /v1/imports/odl, but answers at once with the job: follow the Location for its progress and, when done, the same report. A host that is not allowed is refused at once; a distributor's failure ends the job failed with the problem's code.")
    @APIResponse(responseCode = "202", description = "The import, queued", content = @Content(schema = @Schema(implementation = OdlImportJob.class)))
    @APIResponse(responseCode = "400", description = "invalid-request, or host-not-allowed: the feed URL's host and port are not on the allow-list (no job is started)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response startFromUrl(@Valid @NotNull FeedImportRequest request,
                                 @QueryParam("reconcile") @DefaultValue("false") boolean reconcile,
                                 @Context HttpHeaders headers) {
        return accepted(jobs.fromUrl(request, reconcile, Messages.locale(headers)));
    }

    @POST
    @Path("/imports/odl/jobs")
    @Consumes(OPDS_JSON)
    @Upload
    @Operation(operationId = "startOdlImportJob", summary = "Start importing an ODL feed sent as the body in the background", description = "As POST /v1/imports/odl with a body: the feed is read at once (400 when it cannot be imported) and applied in the background; follow the Location.")
    @APIResponse(responseCode = "202", description = "The import, queued", content = @Content(schema = @Schema(implementation = OdlImportJob.class)))
    @APIResponse(responseCode = "400", description = "invalid-feed or distributor-required", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response startFromBody(@NotBlank @Size(max = 20_000_000) String feed,
                                  @Parameter(description = "Whose licences these are") @QueryParam("distributor") @Size(max = 200) String distributor,
                                  @QueryParam("reconcile") @DefaultValue("false") boolean reconcile,
                                  @Context HttpHeaders headers) {
        return accepted(jobs.fromBody(feed, distributor, reconcile, Messages.locale(headers)));
    }

    @GET
    @Path("/imports/odl/jobs/{id}")
    @Operation(operationId = "getOdlImportJob", summary = "Follow an ODL import job", description = "State (queued, running, done, failed), pages read, licences listed so far (total) and applied (processed) with their counts, committed as the import goes; when done, the report with every licence's result; when failed, the problem's code and detail (odl-import-interrupted: the instance running it stopped; import the feed again).")
    @APIResponse(responseCode = "200", description = "The job", content = @Content(schema = @Schema(implementation = OdlImportJob.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "odl-import-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public OdlImportJob job(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        return jobs.get(id, Messages.locale(headers));
    }

    private static Response accepted(OdlImportJob job) {
        return Response.accepted(job).location(URI.create("/v1/imports/odl/jobs/" + job.id())).build();
    }

    @POST
    @Path("/licences/{id}/reconcile")
    @Operation(operationId = "reconcileLicence", summary = "Reconcile a licence with its License Info Document", description = "Reads status and checkouts left from the distributor (the licence's self link, allowed host:port only) and applies them: unavailable or preorder stops lending, fewer checkouts left are taken as the truth. A document whose identifier is not the licence's is refused and changes nothing.")
    @APIResponse(responseCode = "200", description = "What the distributor said and whether the licence changed", content = @Content(schema = @Schema(implementation = Reconciliation.Outcome.class)))
    @APIResponse(responseCode = "404", description = "licence-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "licence-not-reconcilable: no info document link", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "host-not-allowed: the licence's info document link is not on an allowed host:port", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "The distributor failed (distributor-error, distributor-unreachable, distributor-bad-document), or sent another licence's document (info-document-of-other-licence, info-document-without-identifier): nothing was changed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "504", description = "The distributor was too slow", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Reconciliation.Outcome reconcile(@PathParam("id") UUID id) {
        return reconciliation.reconcile(id);
    }
}
