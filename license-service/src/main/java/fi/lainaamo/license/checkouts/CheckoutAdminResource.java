package fi.lainaamo.license.checkouts;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the distributors have not confirmed yet, for consortium admins: returns and undos still being retried. */
@Path("/v1/admin/distributor-checkouts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CONSORTIUM_ADMIN)
@Tag(name = "Distributors")
public class CheckoutAdminResource {

    /** One checkout at a distributor, without the patron's pseudonym. */
    public record CheckoutView(
            UUID loanId,
            UUID publicationId,
            UUID licenceId,
            String distributor,
            UUID checkoutId,
            String state,
            @Schema(nullable = true) Instant expires,
            int attempts,
            @Schema(nullable = true) String lastError,
            Instant createdAt,
            Instant updatedAt) {
        static CheckoutView of(Checkout c) {
            return new CheckoutView(c.holderId, c.publicationId, c.licenceId, c.distributor, c.checkoutId, c.state, c.expires,
                    c.attempts, c.lastError, c.createdAt, c.updatedAt);
        }
    }

    @GET
    @Transactional
    @Operation(operationId = "listDistributorCheckouts", summary = "Checkouts at distributors by state", description = "Default return-pending: loans that ended here "
            + "and whose return the distributor has not confirmed yet (carried at once; a failed one is retried every 10 s; "
            + "lastError says why it failed). "
            + "undo-pending: checkouts whose seat went back before they settled; pending: checkouts waiting for the "
            + "distributor's answer. Oldest change first.")
    @APIResponse(responseCode = "200", description = "The checkouts in that state")
    @APIResponse(responseCode = "400", description = "invalid-request: an unknown state or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<CheckoutView> list(@QueryParam("state") @DefaultValue("return-pending")
                                   @Pattern(regexp = "pending|active|refused|return-pending|returned|undo-pending|ended") String state,
                                   @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return Checkout.<Checkout>find("state = ?1 order by updatedAt, holderId", state).page(0, limit).list().stream()
                .map(CheckoutView::of).toList();
    }
}
