package fi.lainaamo.loan.holds;

import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A patron's own holds in the national queues: place, list, cancel, suspend and resume. */
@Path("/v1/holds")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PATRON)
@Tag(name = "Holds")
public class HoldResource {

    @Inject
    HoldService holds;

    @Inject
    Caller caller;

    @Context
    HttpHeaders headers;

    /** What a patron asks to reserve. */
    @Schema(description = "The publication to place a hold on")
    public record HoldRequest(@NotNull UUID publicationId) {
    }

    /** Until when a hold is skipped. */
    @Schema(description = "The last day the hold is skipped (the patron keeps their place)")
    public record SuspendRequest(@NotNull LocalDate until) {
    }

    @POST
    @Operation(operationId = "placeHold", summary = "Place a hold", description = "Joins the title's national queue (strict FIFO by placement). "
            + "Refused with every reason at once (422 hold-refused, errors[]: patron-blocked, library-not-member, already-on-hold, "
            + "hold-limit-reached, already-on-loan, publication-withdrawn, copy-available — a copy is free: borrow it instead).")
    @APIResponse(responseCode = "201", description = "Placed, with position and estimated wait", content = @Content(schema = @Schema(implementation = HoldView.class)))
    @APIResponse(responseCode = "422", description = "Refused, with every reason", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response place(@Valid @NotNull HoldRequest request) {
        HoldView hold = holds.place(new HoldService.Holder(caller.patronId(), caller.municipality(), caller.libraryId()),
                request.publicationId(), Messages.locale(headers));
        return Response.created(URI.create("/v1/holds/" + hold.id())).entity(hold).build();
    }

    @GET
    @Operation(operationId = "listMyHolds", summary = "List my holds", description = "Open holds (waiting, suspended, ready) in placement order by default; "
            + "state=all adds ended ones, newest first, with the reason they ended.")
    public List<HoldView> mine(@QueryParam("state") @DefaultValue("open") @Pattern(regexp = "open|all") String state) {
        return holds.ofPatron(caller.patronId(), "open".equals(state), Messages.locale(headers));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getHold", summary = "Read one of my holds")
    @APIResponse(responseCode = "200", description = "The hold", content = @Content(schema = @Schema(implementation = HoldView.class)))
    @APIResponse(responseCode = "404", description = "No such hold of yours", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HoldView get(@PathParam("id") UUID id) {
        return holds.get(caller.patronId(), id, Messages.locale(headers));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "cancelHold", summary = "Cancel a hold", description = "Leaves the queue; a ready hold's copy goes to the next in line.")
    @APIResponse(responseCode = "200", description = "The hold, cancelled", content = @Content(schema = @Schema(implementation = HoldView.class)))
    @APIResponse(responseCode = "404", description = "No such hold of yours", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The hold has already ended", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HoldView cancel(@PathParam("id") UUID id) {
        return holds.cancel(caller.patronId(), id, Messages.locale(headers));
    }

    @POST
    @Path("/{id}/suspend")
    @Operation(operationId = "suspendHold", summary = "Suspend a hold (deliver later)", description = "Keeps the place in the queue but skips the hold through the given day; "
            + "a copy goes to the next patron who is not suspended. A ready hold cannot be suspended, nor one a copy is being "
            + "set aside for at this moment (try again shortly).")
    @APIResponse(responseCode = "200", description = "The hold, suspended", content = @Content(schema = @Schema(implementation = HoldView.class)))
    @APIResponse(responseCode = "409", description = "hold-ready, hold-being-offered (a copy is being set aside for it right now) "
            + "or hold-not-open (it has ended)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The date is not in the allowed range", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HoldView suspend(@PathParam("id") UUID id, @Valid @NotNull SuspendRequest request) {
        return holds.suspend(caller.patronId(), id, request.until(), Messages.locale(headers));
    }

    @POST
    @Path("/{id}/resume")
    @Operation(operationId = "resumeHold", summary = "Resume a suspended hold", description = "The hold takes part in the queue again at its old place.")
    public HoldView resume(@PathParam("id") UUID id) {
        return holds.resume(caller.patronId(), id, Messages.locale(headers));
    }
}
