package fi.lainaamo.loan.loans;

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
 * Which loans could be renewed now (service-to-service only): patron-service's loan-due notices carry a renew link
 * only for those, and say why not for the rest. The same rules as a renewal, read without locks or changes.
 */
@Path("/v1/renewals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
@Tag(name = "Renewals", description = "For patron-service only (service role)")
public class RenewabilityResource {

    @Inject
    LoanService loans;

    @POST
    @Path("/lookup")
    @Operation(operationId = "lookUpRenewability", summary = "Whether loans could be renewed now",
            description = "At most " + LoanService.MAX_RENEWABILITY_IDS + " loan ids, each answered once in the order asked: renewable, "
                    + "or the reasons a renewal would now be refused (renew-people-waiting, renewal-limit-reached, "
                    + "distributor-renewal-not-offered, ...), loan-not-active for a loan that ended or is unknown. A hint, not a "
                    + "promise: someone may place a hold before the patron renews. Reads only; service role only.")
    @APIResponse(responseCode = "200", description = "Every loan asked about", content = @Content(schema = @Schema(implementation = Renewability.class)))
    @APIResponse(responseCode = "400", description = "invalid-request: no ids (loan-ids-required), more than " + LoanService.MAX_RENEWABILITY_IDS
            + " (too-many-loan-ids), or an id that is not a UUID (invalid-field)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token is not a service's", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Renewability lookup(RenewabilityLookup request) {
        return loans.renewability(request == null ? null : request.loanIds());
    }
}
