package fi.lainaamo.loan.loans;

import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

/** A patron's own loans: borrow, list, read, return. */
@Path("/v1/loans")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PATRON)
@Tag(name = "Loans")
public class LoanResource {

    @Inject
    LoanService loans;

    @Inject
    Caller caller;

    @POST
    @Operation(summary = "Borrow a publication", description = "Checks every lending rule at once and answers all failing reasons together "
            + "(422 borrow-refused with errors[]: already-on-loan, loan-limit-reached, library-not-member, no-free-copy, no-licence). "
            + "Send an Idempotency-Key to make retries safe: the same key returns the first loan (200) instead of a new one.")
    @APIResponse(responseCode = "201", description = "Borrowed", content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier borrow with the same Idempotency-Key", content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "422", description = "Refused, with every reason", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Licensing cannot be reached; nothing was lent, try again", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response borrow(@Valid @NotNull BorrowRequest request,
                           @Parameter(description = "A client-chosen key that makes a retried borrow safe")
                           @HeaderParam("Idempotency-Key") @Size(min = 1, max = 200) String idempotencyKey) {
        LoanService.Borrowed borrowed = loans.borrow(
                new LoanService.Borrower(caller.patronId(), caller.municipality(), caller.libraryId()),
                request.publicationId(), idempotencyKey);
        if (!borrowed.created()) {
            return Response.ok(borrowed.loan()).build();
        }
        return Response.created(URI.create("/v1/loans/" + borrowed.loan().id())).entity(borrowed.loan()).build();
    }

    @GET
    @Operation(summary = "List my loans", description = "Active loans by default, newest first; state=all adds returned ones.")
    public List<LoanView> mine(@QueryParam("state") @DefaultValue("active") @Pattern(regexp = "active|all") String state) {
        return loans.ofPatron(caller.patronId(), "active".equals(state));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one of my loans")
    @APIResponse(responseCode = "404", description = "No such loan of yours", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LoanView get(@PathParam("id") UUID id) {
        return loans.get(caller.patronId(), id);
    }

    @POST
    @Path("/{id}/return")
    @Operation(summary = "Return a loan now", description = "The copy becomes free for the next reader as soon as licensing has seen the return.")
    @APIResponse(responseCode = "404", description = "No such loan of yours", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already returned", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LoanView giveBack(@PathParam("id") UUID id) {
        return loans.giveBack(caller.patronId(), id);
    }
}
