package fi.lainaamo.platform;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.platform.http.Upload;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.security.Roles;
import io.opentelemetry.api.trace.Span;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One endpoint of each kind a service has, for the platform's tests: what comes in is answered back. */
@Path("/test")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class TestEndpoints {

    @Inject
    Outbox outbox;

    public record Note(String title, List<String> authors, Map<String, String> names) {
    }

    @POST
    @Path("/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Note note(Note note) {
        return note;
    }

    /** The note, and whether its body had been read before the endpoint ran (on the event loop, see OversizedBodies). */
    @POST
    @Path("/notes/read-ahead")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Map<String, Object> readAhead(String note, @Context RoutingContext context) {
        return Map.of("length", note.length(), "readAhead", context.body().buffer() != null);
    }

    @POST
    @Path("/documents")
    @Consumes({MediaType.APPLICATION_JSON, "application/opds+json"})
    public JsonNode document(JsonNode document) {
        return document;
    }

    @GET
    @Path("/things/{name}")
    public Map<String, String> thing(@PathParam("name") String name, @QueryParam("q") String q, @HeaderParam("X-Note") String note) {
        return Map.of("name", name, "q", String.valueOf(q), "note", String.valueOf(note));
    }

    @POST
    @Path("/form")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Map<String, String> form(@FormParam("name") String name) {
        return Map.of("name", name);
    }

    @PUT
    @Path("/files")
    @Upload
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> file(InputStream body) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[8192];
        long size = 0;
        int read;
        while ((read = body.read(chunk)) >= 0) {
            sha256.update(chunk, 0, read);
            size += read;
        }
        return Map.of("size", size, "sha256", HexFormat.of().formatHex(sha256.digest()));
    }

    @GET
    @Path("/me")
    @RolesAllowed(Roles.PATRON)
    public Map<String, String> me() {
        return Map.of("who", "a patron");
    }

    /** Writes an event in a transaction, as a service's change does; answers its id and the trace it was written in. */
    @POST
    @Path("/events")
    @Transactional
    public Map<String, String> event() {
        String subject = UUID.randomUUID().toString();
        UUID id = outbox.record("fi.lainaamo.test.written.v1", subject, subject, Map.of("subject", subject));
        return Map.of("eventId", id.toString(), "traceId", Span.current().getSpanContext().getTraceId());
    }
}
