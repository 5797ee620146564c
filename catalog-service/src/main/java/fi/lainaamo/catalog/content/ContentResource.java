package fi.lainaamo.catalog.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.platform.http.Upload;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The content store over HTTP: consortium admins upload, inspect and delete the EPUB or audiobook manifest of a title
 * without a distributor; reader apps and browsers fetch it, its Readium manifest and its chapters with a short-lived
 * link that loan-service signed for an active loan (no token: the signature is the permission).
 */
@Path("/v1/publications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Content")
public class ContentResource {

    static final String LINK_PARAMETERS = " The link's `expires` (epoch seconds) and `sig` (lower-case hex HMAC-SHA256 of "
            + "`{publicationId}\\n{expires}` with the key shared with loan-service) are the whole permission; an expired, altered "
            + "or other title's link is answered 403 content-link-invalid.";

    @Inject
    ContentService content;

    @Inject
    ContentAccess access;

    @Inject
    ObjectMapper json;

    @PUT
    @Path("/{id}/content")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Upload
    @Operation(operationId = "uploadContent", summary = "Upload the content of a title without a distributor",
            description = "The body is the raw file: an EPUB (`application/epub+zip`) or a Readium audiobook manifest "
                    + "(`application/audiobook+json`, every reading-order href an absolute URL of the audio). It is streamed to "
                    + "disk, checked (size limit `lainaamo.content.max-size`; an EPUB must be a ZIP whose first entry is an "
                    + "uncompressed `mimetype` with `application/epub+zip`, whose `META-INF/container.xml` names a package "
                    + "document that parses, within the entry-count and unpacked-size limits) and kept as a PostgreSQL large "
                    + "object. A new upload replaces the old content; the same file again changes nothing (200).")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaTypes.EPUB, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.AUDIOBOOK, schema = @Schema(type = SchemaType.OBJECT))})
    @APIResponse(responseCode = "201", description = "Stored; Location is the content's description", content = @Content(schema = @Schema(implementation = ContentView.class)))
    @APIResponse(responseCode = "200", description = "Replaced an earlier upload (or was the same file)", content = @Content(schema = @Schema(implementation = ContentView.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "publication-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "content-too-large: over lainaamo.content.max-size; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "content-type-not-accepted: neither application/epub+zip nor application/audiobook+json", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "not-an-epub or not-an-audiobook-manifest, the reason in errors; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response upload(@PathParam("id") UUID id, @Context HttpHeaders headers, InputStream body) throws IOException {
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        Long declared = length == null || !length.matches("\\d{1,18}") ? null : Long.valueOf(length);
        ContentService.Stored stored = content.store(id, headers.getMediaType(), declared, body, Roles.CONSORTIUM_ADMIN);
        if (!stored.created()) {
            return Response.ok(stored.content()).build();
        }
        return Response.created(URI.create("/v1/publications/" + id + "/content/info")).entity(stored.content()).build();
    }

    @GET
    @Path("/{id}/content/info")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "getContentInfo", summary = "Describe a title's stored content", description = "Media type, size, SHA-256, reading-order length and the EPUB's own title and language; never the bytes.")
    @APIResponse(responseCode = "200", description = "The stored content", content = @Content(schema = @Schema(implementation = ContentView.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "publication-not-found, or no-content: nothing uploaded", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ContentView info(@PathParam("id") UUID id) {
        return content.info(id);
    }

    @DELETE
    @Path("/{id}/content")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "deleteContent", summary = "Delete a title's stored content", description = "Removes the file and its large object; the publication stays in the catalogue. Links already signed answer 404 no-content.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "publication-not-found, or no-content: nothing to delete", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@PathParam("id") UUID id) {
        content.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/content")
    @PermitAll
    @Produces({MediaTypes.EPUB, MediaTypes.AUDIOBOOK, MediaType.WILDCARD})
    @Operation(operationId = "downloadContent", summary = "Download a title's content with a signed link",
            description = "The EPUB (as an attachment) or the audiobook manifest, streamed from the store with Content-Length, "
                    + "an ETag (the SHA-256) and `Cache-Control: private` until the link expires." + LINK_PARAMETERS)
    @APIResponse(responseCode = "200", description = "The file", content = {
            @Content(mediaType = MediaTypes.EPUB, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.AUDIOBOOK, schema = @Schema(type = SchemaType.OBJECT))})
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
    @APIResponse(responseCode = "403", description = "content-link-invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no-content: nothing uploaded for this title", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response download(@PathParam("id") UUID id,
                             @QueryParam("expires") @Size(max = 20) @Parameter(description = "When the link stops working, epoch seconds") String expires,
                             @QueryParam("sig") @Size(max = 128) @Parameter(description = "The link's signature, lower-case hex") String sig,
                             @Context Request request) {
        ContentAccess.Grant grant = access.require(id, expires, sig);
        ContentService.Download download = content.download(id);
        EntityTag etag = new EntityTag(download.sha256());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.cacheControl(cacheControl(grant)).build();
        }
        Response.ResponseBuilder response = stream(() -> content.open(download), download.mediaType(), download.size(), grant).tag(etag);
        if (MediaTypes.EPUB.equals(download.mediaType())) {
            response.header("Content-Disposition", attachment(download, id));
        }
        return response.build();
    }

    @GET
    @Path("/{id}/manifest")
    @PermitAll
    @Produces({MediaTypes.WEBPUB, MediaTypes.AUDIOBOOK})
    @Operation(operationId = "getContentManifest", summary = "Readium Web Publication Manifest of a title's content, with a signed link",
            description = "For an EPUB: metadata (title, identifier, language) from its package document, the spine as "
                    + "readingOrder, stylesheets, images and fonts as resources, the navigation document as toc. Every href "
                    + "is signed with the same expiry; chapter and resource hrefs carry the signature in the path "
                    + "(`/content/signed/{expires}/{sig}/{path}`) so that the links inside a chapter keep it. For an "
                    + "audiobook: the stored manifest itself." + LINK_PARAMETERS)
    @APIResponse(responseCode = "200", description = "The manifest", content = {
            @Content(mediaType = MediaTypes.WEBPUB, schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = MediaTypes.AUDIOBOOK, schema = @Schema(type = SchemaType.OBJECT))})
    @APIResponse(responseCode = "403", description = "content-link-invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no-content: nothing uploaded for this title", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response manifest(@PathParam("id") UUID id,
                             @QueryParam("expires") @Size(max = 20) @Parameter(description = "When the link stops working, epoch seconds") String expires,
                             @QueryParam("sig") @Size(max = 128) @Parameter(description = "The link's signature, lower-case hex") String sig) {
        ContentAccess.Grant grant = access.require(id, expires, sig);
        ContentService.Download download = content.download(id);
        if (download.packageDocument() == null) {
            return stream(() -> content.open(download), download.mediaType(), download.size(), grant).build();
        }
        try {
            return Response.ok(json.writeValueAsString(WebPubManifest.of(download.packageDocument(), grant)), MediaTypes.WEBPUB)
                    .cacheControl(cacheControl(grant)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the manifest cannot be written", e);
        }
    }

    @GET
    @Path("/{id}/content/resources/{path: .+}")
    @PermitAll
    @Produces(MediaType.WILDCARD)
    @Operation(operationId = "getContentResource", summary = "One file of a title's EPUB, with a signed link",
            description = "A chapter, stylesheet, image or font, unpacked from its stretch of the stored EPUB, with the media "
                    + "type its package document gives. Paths are the archive's entry names; `..` never names one." + LINK_PARAMETERS)
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "403", description = "content-link-invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no-content, or content-resource-not-found: the EPUB has no such file", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response resource(@PathParam("id") UUID id, @PathParam("path") @Size(max = 1000) String path,
                             @QueryParam("expires") @Size(max = 20) @Parameter(description = "When the link stops working, epoch seconds") String expires,
                             @QueryParam("sig") @Size(max = 128) @Parameter(description = "The link's signature, lower-case hex") String sig) {
        return resource(access.require(id, expires, sig), path);
    }

    @GET
    @Path("/{id}/content/signed/{expires}/{sig}/{path: .+}")
    @PermitAll
    @Produces(MediaType.WILDCARD)
    @Operation(operationId = "getSignedContentResource", summary = "One file of a title's EPUB, with the signature in the path",
            description = "The same as `/content/resources/{path}?expires=…&sig=…`, for the hrefs of the Readium manifest: "
                    + "a stylesheet or image a chapter links to relatively resolves under the same signed prefix." + LINK_PARAMETERS)
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "403", description = "content-link-invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no-content, or content-resource-not-found: the EPUB has no such file", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response signedResource(@PathParam("id") UUID id, @PathParam("expires") @Size(max = 20) String expires,
                                   @PathParam("sig") @Size(max = 128) String sig, @PathParam("path") @Size(max = 1000) String path) {
        return resource(access.require(id, expires, sig), path);
    }

    private Response resource(ContentAccess.Grant grant, String path) {
        ContentService.Resource resource = content.resource(grant.publicationId(), path);
        return stream(() -> content.open(resource), resource.mediaType(), resource.size(), grant).build();
    }

    /** The bytes are read (and the large object opened) only while the body is written, chunk by chunk. */
    private Response.ResponseBuilder stream(Supplier<InputStream> bytes, String mediaType, long size, ContentAccess.Grant grant) {
        StreamingOutput body = out -> {
            try (InputStream in = bytes.get()) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, mediaType)
                .header(HttpHeaders.CONTENT_LENGTH, size)
                .header("X-Content-Type-Options", "nosniff")
                .cacheControl(cacheControl(grant));
    }

    /** Private (a patron's loan) and no longer than the link works. */
    private CacheControl cacheControl(ContentAccess.Grant grant) {
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setMaxAge((int) Math.min(Integer.MAX_VALUE, grant.secondsLeft(access.now())));
        return cache;
    }

    /** {@code attachment} with an ASCII file name from the title and the exact one in {@code filename*} (RFC 6266). */
    private static String attachment(ContentService.Download download, UUID id) {
        String title = download.title() == null ? "publication-" + id : download.title();
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (ascii.isEmpty()) {
            ascii = "publication-" + id;
        }
        String exact = URLEncoder.encode(title, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + ".epub\"; filename*=UTF-8''" + exact + ".epub";
    }
}
