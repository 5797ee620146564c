package fi.lainaamo.loan.seats;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * For license-service's sweep of seats no loan event confirmed: before it gives a seat back it asks here whether the
 * loan exists and is active (service-to-service only). A seat is never released while its loan is active.
 */
@Path("/v1/seat-holders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
@Tag(name = "Seat holders", description = "For license-service only (service role)")
public class SeatHolderResource {

    @Inject
    SeatHolders holders;

    @POST
    @Path("/lookup")
    @Operation(operationId = "lookUpSeatHolders", summary = "What became of the loans and holds seats are held for",
            description = "license-service sends the holder ids of seats it is about to release (loan ids of LOAN seats, "
                    + "hold ids of HOLD seats), at most " + SeatHolders.MAX_IDS + " at once. Each distinct id is answered once, "
                    + "in the order asked: a loan is active or ended; a hold is ready, waiting or ended; an id loan-service "
                    + "never committed is unknown. Only committed loans and holds are seen. Reads only; service role only.")
    @APIResponse(responseCode = "200", description = "The fate of every id asked about", content = @Content(schema = @Schema(implementation = SeatHolderFates.class)))
    @APIResponse(responseCode = "400", description = "invalid-request: no ids (holder-ids-required), more than " + SeatHolders.MAX_IDS
            + " (too-many-holder-ids), or an id that is not a UUID (invalid-field)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token is not a service's", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SeatHolderFates lookup(SeatHolderLookup request) {
        return holders.fates(request == null ? null : request.ids());
    }
}
