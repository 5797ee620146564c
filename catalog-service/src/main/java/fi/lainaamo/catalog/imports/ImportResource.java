package fi.lainaamo.catalog.imports;

import fi.lainaamo.platform.http.Upload;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

import java.io.InputStream;
import java.net.URI;
import java.util.UUID;

/** ONIX 3.0 imports for the consortium's metadata staff: start one, follow its progress, read each record's outcome. */
@Path("/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CONSORTIUM_ADMIN)
@Tag(name = "Imports")
public class ImportResource {

    @Inject
    ImportService imports;

    /** A file already on the server, for batches too large to upload. */
    @Schema(description = "A file under the server's import directory (lainaamo.catalog.import-dir)")
    public record ServerFile(@NotBlank @Size(max = 1000) @Schema(example = "publisher-x/2026-11.xml") String path) {
    }

    @POST
    @Path("/onix")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML, MediaType.APPLICATION_OCTET_STREAM})
    @Upload
    @Operation(operationId = "importOnix", summary = "Import an uploaded ONIX 3.0 message", description = "The body is an ONIXMessage (reference tags). Digital products (ProductForm ED/EB/EC/EA, AJ/AN/AO) "
            + "are created or updated by ISBN-13; NotificationType 05 withdraws; other products are skipped with the reason. Runs as a job: follow the Location.")
    @APIResponse(responseCode = "202", description = "The import, queued", content = @Content(schema = @Schema(implementation = ImportView.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response upload(InputStream body) {
        ImportView job = imports.upload(body);
        return Response.accepted(job).location(URI.create("/v1/imports/" + job.id())).build();
    }

    @POST
    @Path("/onix/file")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "importOnixFile", summary = "Import an ONIX 3.0 file on the server", description = "For large batches: the path is relative to the import directory and must stay under it.")
    @APIResponse(responseCode = "202", description = "The import, queued", content = @Content(schema = @Schema(implementation = ImportView.class)))
    @APIResponse(responseCode = "400", description = "import-path-outside, import-file-not-found, or no path", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response file(@Valid @NotNull ServerFile file) {
        ImportView job = imports.file(file.path());
        return Response.accepted(job).location(URI.create("/v1/imports/" + job.id())).build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getImport", summary = "Follow an import", description = "Status and counts so far; the counts grow as each batch commits. "
            + "A job whose instance stopped is ended FAILED with errorCode onix-import-interrupted (error in the asker's language): import the file again.")
    @APIResponse(responseCode = "200", description = "The import", content = @Content(schema = @Schema(implementation = ImportView.class)))
    @APIResponse(responseCode = "404", description = "import-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ImportView get(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        return imports.get(id, Messages.locale(headers));
    }

    @GET
    @Path("/{id}/records")
    @Operation(operationId = "listImportRecords", summary = "Each product's outcome", description = "Imported, updated, withdrawn, skipped or failed, with the reason, in file order.")
    @APIResponse(responseCode = "200", description = "A page of records", content = @Content(schema = @Schema(implementation = ImportView.RecordPage.class)))
    @APIResponse(responseCode = "400", description = "A parameter outside its values", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "import-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ImportView.RecordPage records(@PathParam("id") UUID id,
                                         @QueryParam("outcome") @Pattern(regexp = "IMPORTED|UPDATED|WITHDRAWN|SKIPPED|FAILED") @Parameter(description = "Only this outcome") String outcome,
                                         @QueryParam("after") @DefaultValue("0") @Min(0) @Max(Integer.MAX_VALUE) @Parameter(description = "Continue after this position") int after,
                                         @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) @Parameter(description = "Page size, 1 to 1000") int limit) {
        return imports.records(id, outcome == null ? null : ImportRecord.Outcome.valueOf(outcome), after, limit);
    }
}
