package fi.lainaamo.platform.events;

import fi.lainaamo.platform.faults.Outages;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;

/** Records this service's consumers could not apply: an admin reads why, and re-drives one after a fix or discards it. */
@Path("/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CONSORTIUM_ADMIN)
@Tag(name = "Consumers", description = "Event consumers of this service, their lag and their dead letters (consortium admins)")
public class DeadLetterResource {

    @Inject
    DeadLetters deadLetters;

    @Inject
    Consumers consumers;

    @Inject
    EventIntake intake;

    /** A page of dead letters and where the next one starts. */
    public record Page(List<DeadLetters.View> items, @Schema(nullable = true) String next) {
    }

    @GET
    @Operation(operationId = "listDeadLetters", summary = "List dead letters", description = "Oldest first. Each names its consumer, the record's topic, "
            + "partition and offset, the event id and type, why it was set aside (reasonCode: not-a-cloudevent, "
            + "unreadable-data, contract-violated, unknown-version, keeps-failing) and the record as it arrived. The same "
            + "records are on the consumer's dead-letter topic lainaamo.dlq.<service>.<consumer>.")
    @APIResponse(responseCode = "200", description = "A page; `next` is the link to the following page, absent on the last",
            content = @Content(schema = @Schema(implementation = Page.class)))
    @APIResponse(responseCode = "400", description = "invalid-request or unknown-consumer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page list(@QueryParam("consumer") @Size(max = 100) String consumer,
                     @QueryParam("status") @DefaultValue("open") @Pattern(regexp = "open|redriven|discarded") String status,
                     @QueryParam("after") @DefaultValue("0") @Min(0) @Max(Long.MAX_VALUE) long after,
                     @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        if (consumer != null && consumers.named(consumer).isEmpty()) {
            throw new ProblemException(400, "unknown-consumer", consumer);
        }
        List<DeadLetters.View> items = deadLetters.list(Optional.ofNullable(consumer), status, after, limit + 1);
        String next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            next = "/v1/admin/dead-letters?status=" + status + "&limit=" + limit + "&after=" + items.get(limit - 1).id()
                    + (consumer == null ? "" : "&consumer=" + consumer);
        }
        return new Page(items, next);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getDeadLetter", summary = "Read one dead letter")
    @APIResponse(responseCode = "200", description = "The dead letter", content = @Content(schema = @Schema(implementation = DeadLetters.View.class)))
    @APIResponse(responseCode = "404", description = "dead-letter-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeadLetters.View get(@PathParam("id") @Min(1) @Max(Long.MAX_VALUE) long id) {
        return deadLetters.find(id).orElseThrow(() -> ProblemException.notFound("dead-letter-not-found", id));
    }

    @POST
    @Path("/{id}/redrive")
    @Operation(operationId = "redriveDeadLetter", summary = "Apply a dead letter again", description = "After the cause is fixed (a new release that reads the "
            + "new version, a corrected producer), hands the record to its consumer once more, with the same duplicate check "
            + "as any delivery. Success marks it redriven; if it still cannot be applied the answer is 422 with the reason "
            + "and it stays open.")
    @APIResponse(responseCode = "200", description = "Applied; the dead letter is now redriven",
            content = @Content(schema = @Schema(implementation = DeadLetters.View.class)))
    @APIResponse(responseCode = "404", description = "dead-letter-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "dead-letter-not-open: already redriven or discarded; consumer-paused: "
            + "its consumer takes no events right now (report-service during a rebuild), try again once that is done",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "dead-letter-still-unprocessable, with the reason",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "service-unavailable: the database or broker is away; try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeadLetters.View redrive(@PathParam("id") @Min(1) @Max(Long.MAX_VALUE) long id) {
        DeadLetters.View letter = open(id);
        EventHandler handler = consumers.named(letter.consumer())
                .orElseThrow(() -> new ProblemException(409, "unknown-consumer", letter.consumer())).handler();
        try {
            intake.redrive(handler, deadLetters.record(letter));
        } catch (NotNow paused) {
            throw new ProblemException(409, "consumer-paused", letter.consumer());
        } catch (UnprocessableEvent still) {
            deadLetters.stillUnprocessable(id, still);
            throw new ProblemException(422, "dead-letter-still-unprocessable", still.reason());
        } catch (RuntimeException failure) {
            if (Outages.isOutage(failure)) {
                throw failure; // answered 503 with Retry-After
            }
            throw new ProblemException(422, "dead-letter-still-unprocessable", Outages.summary(failure));
        }
        resolve(id, "redriven");
        return deadLetters.find(id).orElseThrow();
    }

    @POST
    @Path("/{id}/discard")
    @Operation(operationId = "discardDeadLetter", summary = "Discard a dead letter", description = "The record is not needed (for example a test record "
            + "published by hand). It stays listed with status discarded.")
    @APIResponse(responseCode = "200", description = "Discarded", content = @Content(schema = @Schema(implementation = DeadLetters.View.class)))
    @APIResponse(responseCode = "404", description = "dead-letter-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "dead-letter-not-open",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeadLetters.View discard(@PathParam("id") @Min(1) @Max(Long.MAX_VALUE) long id) {
        open(id);
        resolve(id, "discarded");
        return deadLetters.find(id).orElseThrow();
    }

    private DeadLetters.View open(long id) {
        DeadLetters.View letter = get(id);
        if (!"open".equals(letter.status())) {
            throw ProblemException.conflict("dead-letter-not-open", id, letter.status());
        }
        return letter;
    }

    private void resolve(long id, String status) {
        if (!QuarkusTransaction.requiringNew().call(() -> deadLetters.resolve(id, status))) {
            throw ProblemException.conflict("dead-letter-not-open", id, status);
        }
    }
}
