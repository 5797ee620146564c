package fi.lainaamo.report.acquisitions;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import fi.lainaamo.report.Months;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import fi.lainaamo.report.ReportPeriod;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;

/** The consortium's acquisitions staff: which licences are used, which end soon with people waiting, what to buy again. */
@Path("/v1/reports/acquisitions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CONSORTIUM_ADMIN)
@Tag(name = "Acquisitions", description = "Licence consumption and demand (consortium admins)")
public class AcquisitionsResource {

    @Inject
    Acquisitions acquisitions;

    @ConfigProperty(name = "lainaamo.reports.max-years")
    int maxYears;

    @GET
    @Operation(operationId = "getAcquisitionsReport", summary = "Read the acquisitions report",
            description = "Seats consumed per licence and per distributor in the period (most first); cost per loan so far "
                    + "per licence and per distributor (price ÷ loans lent on it; metered licences also price ÷ checkouts bought); "
                    + "spend per month of the period (prices of the licences added in it, Finnish time) per distributor and "
                    + "currency; licences still lending that expire within expiringWithinDays or have at most fewCheckouts "
                    + "checkouts left, with the holds waiting for their title; titles by holds waiting per lendable copy "
                    + "(re-purchase candidates); titles with a licence never borrowed (count and a page: limit, offset). "
                    + "Licences whose events carried no price are left out of cost and spend. Errors: invalid-period, "
                    + "period-too-long, invalid-request (400).")
    @APIResponse(responseCode = "200", description = "The report", content = @Content(schema = @Schema(implementation = AcquisitionsReport.class)))
    @APIResponse(responseCode = "400", description = "invalid-request, invalid-period or period-too-long",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AcquisitionsReport get(
            @Valid @BeanParam Months months,
            @QueryParam("expiringWithinDays") @DefaultValue("60") @Min(0) @Max(3650) int expiringWithinDays,
            @QueryParam("fewCheckouts") @DefaultValue("5") @Min(0) @Max(1000) int fewCheckouts,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) @Parameter(description = "Rows in each list") int limit,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(1_000_000)
            @Parameter(description = "Titles of neverBorrowed to skip (its paging; the other lists are the first limit rows)") int offset) {
        ReportPeriod period = months.period(maxYears);
        return acquisitions.report(period, Duration.ofDays(expiringWithinDays), fewCheckouts, limit, offset);
    }
}
