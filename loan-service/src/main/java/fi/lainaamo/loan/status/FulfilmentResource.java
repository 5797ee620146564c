package fi.lainaamo.loan.status;

import fi.lainaamo.loan.loans.Loan;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
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
    @Operation(operationId = "fulfilLoan", summary = "Follow a signed fulfilment link", description = "Redirects (303) to what the loan opens: the "
            + "distributor's LCP licence document (distributor titles), the file (open access), or our own content in "
            + "catalog-service's content store behind a short-lived signed link (with as=manifest, its Readium Web Publication "
            + "Manifest for a browser reader). 403 fulfilment-link-invalid when the signature is wrong or expired or the loan has ended.")
    public Response fulfil(@PathParam("loanId") UUID loanId, @QueryParam("expires") @Min(0) @Max(Long.MAX_VALUE) long expires,
                           @QueryParam("signature") @Size(max = 128) String signature,
                           @QueryParam("as") @Size(max = 20) String as) {
        Loan loan = Loan.findById(loanId);
        Instant now = Instant.now();
        if (loan == null || !loan.isActiveAt(now) || !links.valid(loanId, loan.patronId, expires, signature, now)) {
            throw new ProblemException(403, "fulfilment-link-invalid");
        }
        return Response.seeOther(links.contentUrl(loan, "manifest".equals(as), now)).build();
    }
}
