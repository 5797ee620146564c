package fi.lainaamo.patron.notifications;

import fi.lainaamo.patron.patrons.PatronService;
import fi.lainaamo.patron.patrons.StaffScope;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * Which notices a patron got and when, for the staff of the patron's library and consortium admins. Its own root
 * path: a method under the patron resource's {@code /v1/patrons} would tie that resource to notices.
 */
@Path("/v1/patrons/{id}/notices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class StaffNoticeResource {

    @Inject
    NoticeLog log;

    @Inject
    PatronService patrons;

    @Inject
    Caller caller;

    @Inject
    JsonWebToken token;

    @GET
        @RolesAllowed({Roles.LIBRARIAN, Roles.CONSORTIUM_ADMIN})
    @Operation(operationId = "listPatronNotices", summary = "Which notices a patron was sent, and when (staff)",
            description = "For answering \"I was never told\": each notice's occasion, channel, delivery status, attempts and times, newest "
                    + "first — never its text, the title it was about or the address it went to. A librarian sees only their own "
                    + "library's patrons (another library's answers 404 like an unknown one); a consortium admin sees every patron. "
                    + "Page with `after` = the id of the last notice of the previous page.")
    @APIResponse(responseCode = "200", description = "The patron's notices",
            content = @Content(schema = @Schema(implementation = NoticeRecord.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "invalid-request: limit outside 1..200, or `after` (invalid-cursor) names none of the "
            + "patron's notices", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "patron-not-found (also for another library's patron)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<NoticeRecord> ofPatron(@PathParam("id") UUID id,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) @Parameter(description = "Page size, 1 to 200") int limit,
            @QueryParam("after") @Size(max = 36) @Parameter(description = "Continue after this notice") String after) {
        patrons.find(id, scope()); // 404 outside the librarian's library
        return log.of(id, cursor(after), limit);
    }

    private static UUID cursor(String after) {
        if (after == null || after.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(after);
        } catch (IllegalArgumentException notAnId) {
            throw Notices.invalidCursor();
        }
    }

    private StaffScope scope() {
        boolean admin = caller.hasRole(Roles.CONSORTIUM_ADMIN);
        return new StaffScope(token.getSubject(), admin ? null : caller.libraryId(), admin);
    }
}
