package fi.lainaamo.report.municipality;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import fi.lainaamo.report.Months;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import fi.lainaamo.report.ReportPeriod;
import fi.lainaamo.report.libraries.ReportAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a municipality's residents borrow, for the library that serves it and for the consortium that bills it. */
@Path("/v1/reports/municipalities")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.LIBRARIAN, Roles.CONSORTIUM_ADMIN})
@Tag(name = "Municipality reports", description = "Usage per municipality (librarians: the municipalities their library serves; consortium admins: all)")
public class MunicipalityReportResource {

    @Inject
    MunicipalityReports reports;

    @Inject
    ReportAccess access;

    @ConfigProperty(name = "lainaamo.reports.max-years")
    int maxYears;

    /** One municipality, month by month. */
    @GET
    @Path("/{code}")
    @Operation(operationId = "getMunicipalityReport", summary = "Read a municipality's report",
            description = "Loans per month with breakdowns by format, language, audience, fiction/non-fiction, subject and publisher; "
                    + "distinct borrowers and holds placed per month and the average wait until a hold's copy was ready; holds "
                    + "waiting now; the most borrowed titles of the period. A title's loans below the small-cell threshold "
                    + "(lainaamo.reports.small-cell, default 3) are withheld: loans null, loansShown \"< 3\". Numbers are live: "
                    + "a loan shows within seconds of its event. Errors: invalid-period, period-too-long, invalid-municipality "
                    + "(400), municipality-not-served (403), unknown-municipality (404).")
    @APIResponse(responseCode = "200", description = "The report", content = @Content(schema = @Schema(implementation = MunicipalityReport.class)))
    @APIResponse(responseCode = "400", description = "invalid-request, invalid-period, period-too-long or invalid-municipality",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "forbidden or municipality-not-served",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown-municipality: no library serves or served it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MunicipalityReport get(
            @PathParam("code") @Parameter(description = "Three-digit municipality code, e.g. 091 (Helsinki)",
                    schema = @Schema(maxLength = 3, pattern = "^\\d{3}$")) String code,
            @Valid @BeanParam Months months) {
        ReportPeriod period = months.period(maxYears);
        access.mayRead(code);
        return reports.report(code, period);
    }
}
