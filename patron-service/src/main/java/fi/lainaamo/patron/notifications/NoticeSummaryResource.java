package fi.lainaamo.patron.notifications;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/** How each notice channel is doing over a period, for consortium admins: counts, never people. */
@Path("/v1/notices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class NoticeSummaryResource {

    @Inject
    NoticeLog log;

    @GET
    @Path("/summary")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "summariseNotices", summary = "Notices per channel and occasion over a period (consortium admin)",
            description = "Counts of the notices written between `from` and `to` (Helsinki dates, both inclusive; at most 366 days; "
                    + "default the last 7 days): written, sent, pending, retrying, skipped and failed per channel, written per occasion, "
                    + "and per channel the oldest notice still pending, which grows while a channel is stuck.")
    @APIResponse(responseCode = "200", description = "The summary", content = @Content(schema = @Schema(implementation = NoticeSummary.class)))
    @APIResponse(responseCode = "400", description = "invalid-request: a date that is not YYYY-MM-DD (invalid-date), or `from` after `to` "
            + "or more than 366 days (invalid-period)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public NoticeSummary summary(
            @QueryParam("from") @Size(max = 10) @Parameter(description = "First day, YYYY-MM-DD (default: 6 days before `to`)") String from,
            @QueryParam("to") @Size(max = 10) @Parameter(description = "Last day, YYYY-MM-DD (default: today in Helsinki)") String to) {
        LocalDate last = to == null || to.isEmpty() ? log.today() : date(to, "to");
        LocalDate first = from == null || from.isEmpty() ? last.minusDays(6) : date(from, "from");
        return log.summary(first, last);
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException notADate) {
            throw new ProblemException(400, "invalid-request", List.of(new ProblemException.Violation("invalid-date", field)));
        }
    }
}
