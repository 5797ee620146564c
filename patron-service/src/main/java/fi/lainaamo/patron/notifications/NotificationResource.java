package fi.lainaamo.patron.notifications;

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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** The signed-in patron's in-app inbox: what Lainaamo told them (a hold ready, a hold expired), newest first. */
@Path("/v1/me/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class NotificationResource {

    @Inject
    Notices notices;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed(Roles.PATRON)
    @Operation(operationId = "listMyNotifications", summary = "The signed-in patron's inbox, newest first",
            description = "Only the patron's own notices, each with its text in the patron's profile language. Page with `after` = "
                    + "the `next` of the previous page. `unread` counts all unread notices. The inbox gets a notice when in-app "
                    + "notifications are on in the profile (the default).")
    @APIResponse(responseCode = "200", description = "A page of notices", content = @Content(schema = @Schema(implementation = NoticePage.class)))
    @APIResponse(responseCode = "400", description = "invalid-request: limit outside 1..100, or `after` (invalid-cursor) names none of the "
            + "patron's notices", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "patron-not-found: the account no longer exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public NoticePage list(
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) @Parameter(description = "Page size, 1 to 100") int limit,
            @QueryParam("after") @Size(max = 36) @Parameter(description = "Continue after this notice (the `next` of the previous page)") String after) {
        return notices.inbox(caller.patronId(), cursor(after), limit);
    }

    @POST
    @Path("/{id}/read")
    @RolesAllowed(Roles.PATRON)
    @Operation(operationId = "markMyNotificationRead", summary = "Mark one of the patron's notices read",
            description = "Idempotent: a notice read before keeps its first readAt. Another patron's notice answers 404 like an unknown one.")
    @APIResponse(responseCode = "200", description = "The notice, read", content = @Content(schema = @Schema(implementation = NoticeView.class)))
    @APIResponse(responseCode = "404", description = "notice-not-found: no such notice in the patron's inbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public NoticeView read(@PathParam("id") UUID id) {
        return notices.markRead(caller.patronId(), id);
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
}
