package fi.lainaamo.loan.status;

import fi.lainaamo.loan.loans.Loan;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.UUID;

/** Where signed fulfilment links lead: reader apps follow them without a token; the signature is the permission. */
@Path("/v1/fulfilment")
@Tag(name = "Loan status documents")
public class FulfilmentResource {

    @Inject
    FulfilmentLinks links;

    @GET
    @Path("/{loanId}")
    @PermitAll
    @Transactional
    @Operation(summary = "Follow a signed fulfilment link", description = "Redirects (303) to the content; for licences without a "
            + "distributor (demo, local) that is the configured content URL of the publication. 403 fulfilment-link-invalid when the "
            + "signature is wrong or expired or the loan has ended.")
    public Response fulfil(@PathParam("loanId") UUID loanId, @QueryParam("expires") long expires,
                           @QueryParam("signature") String signature) {
        Loan loan = Loan.findById(loanId);
        Instant now = Instant.now();
        if (loan == null || !loan.isActiveAt(now) || !links.valid(loanId, loan.patronId, expires, signature, now)) {
            throw new ProblemException(403, "fulfilment-link-invalid");
        }
        return Response.seeOther(links.contentUrl(loan.publicationId)).build();
    }
}
