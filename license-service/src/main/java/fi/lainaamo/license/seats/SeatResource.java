package fi.lainaamo.license.seats;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Seat reservation for loan-service: the one synchronous call in Lainaamo, made while a patron waits. */
@Path("/v1/seats")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
@Tag(name = "Seats", description = "For loan-service only (service role)")
public class SeatResource {

    @Inject
    SeatService seats;

    @Inject
    fi.lainaamo.license.checkouts.CheckoutService checkouts;

    @POST
    @Operation(operationId = "reserveSeat", summary = "Take a seat for a loan or a ready hold", description = "Chooses the licence by the consumption order. LOAN consumes one checkout of a metered licence now; HOLD keeps a seat until heldUntil (required) without consuming, and a metered licence gives it only while it has more checkouts left than seats already held for holds. Idempotent on holderId: a repeat returns 200 with the same seat.")
    @APIResponse(responseCode = "201", description = "Seat taken", content = @Content(schema = @Schema(implementation = SeatView.class)))
    @APIResponse(responseCode = "200", description = "The holder already had this seat", content = @Content(schema = @Schema(implementation = SeatView.class)))
    @APIResponse(responseCode = "503", description = "distributor-unavailable: the distributor did not answer; the checkout stays pending and is settled later", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "invalid-request (e.g. HOLD without a future heldUntil, LOAN of a distributor's licence without patronId)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "no-free-copy (every copy is out, a hold gets the next), no-licence-left (every "
            + "licence has expired, run out or been withdrawn: nothing can lend the title again), no-licence or holder-has-other-seat; for a distributor's licence also "
            + "distributor-no-copy, distributor-licence-expired or distributor-refused (the seat is given back)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reserve(@Valid @NotNull SeatRequest request) {
        SeatService.Reservation reservation = seats.reserve(request);
        SeatView seat = reservation.seat();
        if (!reservation.settled()) {
            // a distributor's licence: the seat has committed, now the loan is checked out there (no transaction open)
            checkouts.complete(request.holderId(), request.patronId());
            seat = seats.get(request.holderId());
        }
        if (!reservation.created()) {
            return Response.ok(seat).build();
        }
        return Response.created(URI.create("/v1/seats/" + request.holderId())).entity(seat).build();
    }

    @Inject
    SeatEscrow escrow;

    @GET
    @Path("/grants")
    @Operation(operationId = "listSeatGrants", summary = "The title's seats granted to loan-service and not asked back",
            description = "The seat escrow (issue 14): what the seat-granted events of the title said, for the grants still lendable. "
                    + "loan-service asks when a walk-in it had no grant for was refused no-free-copy because every free seat is "
                    + "granted and the grants' events have not reached it yet; it keeps them as if the events had come.")
    @APIResponse(responseCode = "200", description = "The grants, oldest first (empty when the escrow is off or used up)",
            content = @Content(schema = @Schema(implementation = fi.lainaamo.events.SeatGranted.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "invalid-request: publicationId missing or not a UUID", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<fi.lainaamo.events.SeatGranted> grants(@QueryParam("publicationId") @NotNull @Parameter(description = "The title") UUID publicationId) {
        return escrow.unused(publicationId);
    }

    @GET
    @Path("/{holderId}")
    @Operation(operationId = "getSeat", summary = "Read a seat", description = "Its kind (LOAN or HOLD), state and, for a hold, until when it is kept.")
    @APIResponse(responseCode = "200", description = "The seat", content = @Content(schema = @Schema(implementation = SeatView.class)))
    @APIResponse(responseCode = "404", description = "No seat for this holder", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SeatView get(@PathParam("holderId") UUID holderId) {
        return seats.get(holderId);
    }

    /** A renewal as loan-service asks for it. */
    public record RenewRequest(@NotNull @Schema(description = "The due date loan-service's policy gives the renewed loan") java.time.Instant until) {
    }

    @POST
    @Path("/{holderId}/renew")
    @Operation(operationId = "renewSeat", summary = "Renew a loan's seat", description = "For a distributor's loan, renews it at the distributor (its renew "
            + "link) and answers the end the distributor granted in loanUntil; other loans need nothing and answer the seat as "
            + "it is. 409 distributor-renewal-not-offered when the distributor's status document has no renew link, "
            + "distributor-renewal-refused when it says no; 503 distributor-unavailable when it does not answer.")
    @APIResponse(responseCode = "200", description = "The seat, with loanUntil the renewed end", content = @Content(schema = @Schema(implementation = SeatView.class)))
    @APIResponse(responseCode = "404", description = "seat-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "distributor-renewal-not-offered or distributor-renewal-refused", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SeatView renew(@PathParam("holderId") UUID holderId, @Valid @NotNull RenewRequest request) {
        seats.get(holderId); // 404 for an unknown seat
        checkouts.renew(holderId, request.until());
        return seats.get(holderId);
    }

    @POST
    @Path("/{holdId}/lend")
    @Operation(operationId = "lendHeldSeat", summary = "Turn a ready hold's seat into a loan's seat", description = "The seat's holder becomes loanId and one checkout is consumed now. Idempotent on loanId: when the loan already has its seat, 200 with it. If the licence can no longer lend (expired, exhausted, withdrawn by the distributor) the hold's seat is released and the answer is 409: no-free-copy when another licence of the title is in force, no-licence-left when none is.")
    @APIResponse(responseCode = "201", description = "The loan's seat", content = @Content(schema = @Schema(implementation = SeatView.class)))
    @APIResponse(responseCode = "200", description = "The loan already had its seat", content = @Content(schema = @Schema(implementation = SeatView.class)))
    @APIResponse(responseCode = "404", description = "seat-not-found: no seat is held for this hold", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "no-free-copy, no-licence-left, seat-released or seat-not-a-hold", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response lend(@PathParam("holdId") UUID holdId, @Valid @NotNull LendRequest request) {
        SeatService.Lending lending = seats.lend(holdId, request);
        if (lending.refused()) {
            throw ProblemException.conflict(lending.refusal(), holdId);
        }
        checkouts.complete(request.loanId(), request.patronId());
        SeatView seat = seats.get(request.loanId());
        if (!lending.created()) {
            return Response.ok(seat).build();
        }
        return Response.created(URI.create("/v1/seats/" + request.loanId())).entity(seat).build();
    }

    @POST
    @Path("/{holderId}/confirm")
    @Operation(operationId = "confirmSeat", summary = "Confirm a seat", description = "The loan was committed. Unconfirmed seats are released after a configurable time; loan started events confirm seats too.")
    @APIResponse(responseCode = "200", description = "The confirmed seat", content = @Content(schema = @Schema(implementation = SeatView.class)))
    @APIResponse(responseCode = "404", description = "seat-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "seat-released", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SeatView confirm(@PathParam("holderId") UUID holderId) {
        return seats.confirm(holderId);
    }

    @DELETE
    @Path("/{holderId}")
    @Operation(operationId = "releaseSeat", summary = "Release a seat", description = "A loan's or a hold's. Idempotent: releasing a released or unknown seat changes nothing.")
    @APIResponse(responseCode = "204", description = "Released, or nothing to release")
    public void release(@PathParam("holderId") UUID holderId) {
        seats.release(holderId, "released-by-loan-service");
    }
}
