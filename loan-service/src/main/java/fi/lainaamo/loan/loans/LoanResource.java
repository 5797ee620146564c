package fi.lainaamo.loan.loans;

import fi.lainaamo.platform.problem.Messages;
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
import fi.lainaamo.loan.status.FulfilmentLinks;
import fi.lainaamo.loan.status.StatusDocuments;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
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
import java.util.Locale;
import java.util.UUID;

/** A patron's own loans: borrow (and its dry-run), list, read, return, renew, history. */
@Path("/v1/loans")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PATRON)
@Tag(name = "Loans")
public class LoanResource {

    static final String SERVER_TIMING = "Server-Timing";

    @Inject
    LoanService loans;

    @Inject
    Caller caller;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    @Inject
    StatusDocuments documents;

    @Inject
    FulfilmentLinks links;

    @POST
    @Operation(operationId = "borrow", summary = "Borrow a publication", description = "Checks every lending rule at once and answers all failing reasons together "
            + "(422 borrow-refused with errors[]: patron-blocked, library-not-member, already-on-loan, loan-limit-reached, "
            + "people-waiting — others are ahead in the queue and you have no ready hold —, no-free-copy — place a hold —, "
            + "no-licence-left — every licence of the title has ended, so a hold would not help either —, no-licence). "
            + "A patron with a ready hold borrows the copy kept for them. "
            + "A walk-in borrow of a title with a seat in loan-service's escrow (seats licensing granted ahead of demand) "
            + "is lent in one step without asking licensing; otherwise licensing is asked for the seat. The Server-Timing "
            + "header says which: escrow;dur=…, or begin, seat and start (ms). "
            + "Send an Idempotency-Key to make retries safe: the same key returns the first loan (200) instead of a new one, "
            + "or 409 borrow-in-progress while that first borrow is still waiting for licensing's answer (try again in a moment). "
            + "The publication comes in the body, or as ?publicationId= when an OPDS borrow link is followed with an empty POST.")
    @APIResponse(responseCode = "201", description = "Borrowed", content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier borrow with the same Idempotency-Key", content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "409", description = "borrow-in-progress: a borrow with this Idempotency-Key is still waiting for licensing; try again in a moment", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Refused, with every reason", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Licensing cannot be reached or its answer was lost; nothing was lent, try again (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response borrow(@Valid BorrowRequest request,
                           @Parameter(description = "The publication, as OPDS borrow links carry it (when there is no body)")
                           @QueryParam("publicationId") UUID fromLink,
                           @Parameter(description = "A client-chosen key that makes a retried borrow safe")
                           @HeaderParam("Idempotency-Key") @Size(min = 1, max = 200) String idempotencyKey) {
        UUID publicationId = request != null ? request.publicationId() : fromLink;
        if (publicationId == null) {
            throw new ProblemException(400, "invalid-request",
                    List.of(new ProblemException.Violation("invalid-field", "publicationId", "publicationId")));
        }
        LoanService.Borrowed borrowed = loans.borrow(
                new LoanService.Borrower(caller.patronId(), caller.municipality(), caller.libraryId()),
                publicationId, idempotencyKey);
        // Server-Timing: how long the borrow's own steps took (browsers' developer tools and the bench read it)
        if (!borrowed.created()) {
            return Response.ok(borrowed.loan()).header(SERVER_TIMING, borrowed.serverTiming()).build();
        }
        return Response.created(URI.create("/v1/loans/" + borrowed.loan().id())).entity(borrowed.loan())
                .header(SERVER_TIMING, borrowed.serverTiming()).build();
    }

    @POST
    @Path("/dry-run")
    @Operation(operationId = "borrowDryRun", summary = "Can I borrow this?", description = "Runs the same checks as a borrow and writes nothing. It does not ask "
            + "license-service for a seat (that would take one): copy availability comes from the last availability license-service "
            + "published, so a borrow can still meet no-free-copy when the last copy went a moment ago. It says no-licence-left, "
            + "as a hold would, when license-service reported that no licence can lend the title any more.")
    @APIResponse(responseCode = "200", description = "Whether a borrow would be accepted now, and every reason it would not",
            content = @Content(schema = @Schema(implementation = DryRunView.class)))
    public DryRunView dryRun(@Valid @NotNull BorrowRequest request) {
        LoanService.DryRun answer = loans.dryRun(
                new LoanService.Borrower(caller.patronId(), caller.municipality(), caller.libraryId()), request.publicationId());
        Locale locale = Messages.locale(headers);
        return new DryRunView(answer.borrowable(), answer.reasons().stream()
                .map(v -> new Problem.Reason(v.code(), null, Messages.text(v.code() + ".title", locale, v.args()),
                        Messages.text(v.code() + ".detail", locale, v.args())))
                .toList());
    }

    /** The dry-run's answer. */
    @Schema(description = "borrowable is true when a borrow would be accepted now; reasons lists every rule that fails")
    public record DryRunView(boolean borrowable, List<Problem.Reason> reasons) {
    }

    @POST
    @Path("/{id}/renew")
    @Operation(operationId = "renewLoan", summary = "Renew a loan", description = "Allowed when nobody waits for the title and the renewal limit allows. The new due "
            + "date counts the policy's loan length from the old due date, capped by the licence (its loan length and expiry). "
            + "422 renew-refused with errors[]: renewal-limit-reached, renew-people-waiting, licence-ends.")
    @APIResponse(responseCode = "200", description = "Renewed", content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "404", description = "No such loan of yours", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The loan has ended", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Refused, with every reason", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LoanView renew(@PathParam("id") UUID id) {
        return loans.renew(caller.patronId(), id);
    }

    @GET
    @Path("/history")
    @Operation(operationId = "listLoanHistory", summary = "My loan history", description = "Finished loans, kept only for patrons who opted in to loan history "
            + "(in their profile at patron-service); empty otherwise.")
    public List<LoanView> history() {
        return loans.history(caller.patronId());
    }

    @GET
    @Operation(operationId = "listMyLoans", summary = "List my loans", description = "Active loans by default, newest first; state=all adds returned ones.")
    public List<LoanView> mine(@QueryParam("state") @DefaultValue("active") @Pattern(regexp = "active|all") String state) {
        return loans.ofPatron(caller.patronId(), "active".equals(state));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getLoan", summary = "Read one of my loans")
    @APIResponse(responseCode = "200", description = "The loan", content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "404", description = "No such loan of yours", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LoanView get(@PathParam("id") UUID id) {
        return loans.get(caller.patronId(), id);
    }

    @POST
    @Path("/{id}/return")
    @Operation(operationId = "returnLoan", summary = "Return a loan now", description = "The copy becomes free for the next reader as soon as licensing has seen the return.")
    @APIResponse(responseCode = "200", description = "Returned", content = @Content(schema = @Schema(implementation = LoanView.class)))
    @APIResponse(responseCode = "404", description = "No such loan of yours", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already returned", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LoanView giveBack(@PathParam("id") UUID id) {
        return loans.giveBack(caller.patronId(), id);
    }

    @GET
    @Path("/{id}/status")
    @Produces({StatusDocuments.LSD, MediaType.APPLICATION_JSON})
    @Transactional
    @Operation(operationId = "getLoanStatus", summary = "The loan's status document", description = "Shaped like the Readium License Status Document: status "
            + "(active, returned, expired), potential_rights.end (the due date), events, and links: license (the signed fulfilment link), "
            + "return and renew (PUT or GET).")
    @APIResponse(responseCode = "200", description = "The loan's License Status Document", content = @Content(mediaType = StatusDocuments.LSD))
    @APIResponse(responseCode = "404", description = "No such loan of yours", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response status(@PathParam("id") UUID id) {
        return documents.document(loans.owned(caller.patronId(), id), uri.getBaseUri(), Messages.locale(headers));
    }

    @PUT
    @Path("/{id}/status/return")
    @Produces({StatusDocuments.LSD, MediaType.APPLICATION_JSON})
    @Operation(operationId = "returnLoanByStatusPut", summary = "Return through the status document (PUT)", description = "Ends the loan now and answers the updated document; "
            + "403 with a Readium error type (return/already, return/expired) when it has ended.")
    public Response returnByPut(@PathParam("id") UUID id) {
        return documents.giveBack(caller.patronId(), id, uri.getBaseUri(), Messages.locale(headers));
    }

    @GET
    @Path("/{id}/status/return")
    @Produces({StatusDocuments.LSD, MediaType.APPLICATION_JSON})
    @Operation(operationId = "returnLoanByStatusLink", summary = "Return through the status document (GET, as partners call it)")
    public Response returnByGet(@PathParam("id") UUID id) {
        return documents.giveBack(caller.patronId(), id, uri.getBaseUri(), Messages.locale(headers));
    }

    @PUT
    @Path("/{id}/status/renew")
    @Produces({StatusDocuments.LSD, MediaType.APPLICATION_JSON})
    @Operation(operationId = "renewLoanByStatusPut", summary = "Renew through the status document (PUT)", description = "Optional end (ISO instant) asks for an earlier "
            + "end than the policy allows; 403 renew/date when the renewal is refused.")
    public Response renewByPut(@PathParam("id") UUID id, @QueryParam("end") @Size(max = 48) String end) {
        return documents.renew(caller.patronId(), id, end, uri.getBaseUri(), Messages.locale(headers));
    }

    @GET
    @Path("/{id}/status/renew")
    @Produces({StatusDocuments.LSD, MediaType.APPLICATION_JSON})
    @Operation(operationId = "renewLoanByStatusLink", summary = "Renew through the status document (GET, as partners call it)")
    public Response renewByGet(@PathParam("id") UUID id, @QueryParam("end") @Size(max = 48) String end) {
        return documents.renew(caller.patronId(), id, end, uri.getBaseUri(), Messages.locale(headers));
    }

    /** A signed fulfilment link, for the loan's own patron while the loan is active. */
    public record FulfilmentView(URI href, Instant expires) {
    }

    @GET
    @Path("/{id}/fulfilment")
    @Transactional
    @Operation(operationId = "getLoanFulfilment", summary = "A signed, short-lived link to the loan's content", description = "The link works without a token, "
            + "only until it expires and only while the loan is active.")
    @APIResponse(responseCode = "200", description = "A signed link, valid for a few minutes", content = @Content(schema = @Schema(implementation = FulfilmentView.class)))
    @APIResponse(responseCode = "409", description = "The loan has ended", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FulfilmentView fulfilment(@PathParam("id") UUID id) {
        Loan loan = loans.owned(caller.patronId(), id);
        if (!loan.isActiveAt(Instant.now())) {
            throw ProblemException.conflict("loan-not-active", id);
        }
        FulfilmentLinks.Link link = links.sign(uri.getBaseUri(), loan.id, loan.patronId, Instant.now());
        return new FulfilmentView(link.href(), link.expires());
    }
}
