package fi.lainaamo.loan.staff;

import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.loan.loans.Loan;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * How many loans and holds a patron has, for the librarian at the desk (the staff console shows it beside the
 * patron-service record): counts only, never which titles. A librarian counts what the patron borrowed and placed
 * through the librarian's own library (each loan and hold keeps the library that served it); a consortium admin counts
 * everything.
 */
@Path("/v1/patrons/{patronId}/counts")
@RolesAllowed({Roles.LIBRARIAN, Roles.CONSORTIUM_ADMIN})
@Tag(name = "Staff")
public class PatronCountsResource {

    @Inject
    Caller caller;

    @Schema(name = "PatronCounts", description = "A patron's loans and holds, counted (no titles)")
    public record Counts(UUID patronId, int activeLoans, int waitingHolds, int readyHolds) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "getPatronCounts", summary = "A patron's loan and hold counts (staff)",
            description = "Active loans, waiting and ready holds. A librarian's counts cover the loans and holds made through their own library; "
                    + "another library's patron therefore counts 0 (patron-service decides who may see the patron's record).")
    @APIResponse(responseCode = "200", description = "The counts", content = @Content(schema = @Schema(implementation = Counts.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a librarian or consortium admin", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Counts counts(@PathParam("patronId") UUID patronId) {
        if (caller.hasRole(Roles.CONSORTIUM_ADMIN)) {
            return new Counts(patronId, (int) Loan.count("patronId = ?1 and state = ?2", patronId, Loan.State.ACTIVE),
                    (int) Hold.count("patronId = ?1 and state = ?2", patronId, Hold.State.WAITING),
                    (int) Hold.count("patronId = ?1 and state = ?2", patronId, Hold.State.READY));
        }
        UUID library = caller.libraryId();
        if (library == null) {
            return new Counts(patronId, 0, 0, 0);
        }
        return new Counts(patronId,
                (int) Loan.count("patronId = ?1 and state = ?2 and libraryId = ?3", patronId, Loan.State.ACTIVE, library),
                (int) Hold.count("patronId = ?1 and state = ?2 and libraryId = ?3", patronId, Hold.State.WAITING, library),
                (int) Hold.count("patronId = ?1 and state = ?2 and libraryId = ?3", patronId, Hold.State.READY, library));
    }
}
