package fi.lainaamo.report.publishers;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import fi.lainaamo.report.Months;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/**
 * The publishers' data API: the demand for one publisher's titles, for that publisher's partner app (scope
 * reports:publisher, its token names the publisher) and consortium admins. Nothing about another publisher's titles.
 */
@Path("/v1/reports/publishers/{publisher}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PARTNER_APP, Roles.CONSORTIUM_ADMIN})
@Tag(name = "Publisher data", description = "Holds and loans of one publisher's titles (its partner app with reports:publisher; consortium admins)")
public class PublisherReportResource {

    @Inject
    PublisherAccess access;

    @Inject
    PublisherReports reports;

    @ConfigProperty(name = "lainaamo.reports.max-years")
    int maxYears;

    @GET
    @Path("/holds")
    @Operation(operationId = "getPublisherHolds", summary = "Read the active holds on a publisher's titles",
            description = "Holds waiting and ready per title now, most waiting first, for titles whose catalogue publisher is the "
                    + "one named (case and surrounding space ignored). A partner app reads only the publisher its token names. "
                    + "Errors: invalid-publisher, invalid-request (400); forbidden, publisher-scope-missing, publisher-not-yours (403).")
    @APIResponse(responseCode = "200", description = "The holds", content = @Content(schema = @Schema(implementation = PublisherHolds.class)))
    @APIResponse(responseCode = "400", description = "invalid-publisher or invalid-request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "unauthenticated",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "forbidden, publisher-scope-missing or publisher-not-yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PublisherHolds holds(
            @PathParam("publisher") @Parameter(description = "The publisher as the catalogue names it, e.g. Otava",
                    schema = @Schema(maxLength = 200)) String publisher,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) @Parameter(description = "Titles to answer with") int limit,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(1_000_000) @Parameter(description = "Titles to skip") int offset) {
        return reports.holds(access.mayRead(publisher), limit, offset);
    }

    @GET
    @Path("/titles")
    @Operation(operationId = "getPublisherTitles", summary = "Read holds and loans per title and month of a publisher's titles",
            description = "For each of the publisher's titles with holds or loans in the period, per Finnish month: holds placed "
                    + "and loans started, summed over all municipalities (no municipality or library is shown). A title's loans "
                    + "in a month below lainaamo.reports.small-cell are withheld: loans null, loansShown \"< n\". Errors: "
                    + "invalid-period, period-too-long, invalid-publisher, invalid-request (400); forbidden, publisher-scope-missing, "
                    + "publisher-not-yours (403).")
    @APIResponse(responseCode = "200", description = "The titles", content = @Content(schema = @Schema(implementation = PublisherTitles.class)))
    @APIResponse(responseCode = "400", description = "invalid-period, period-too-long, invalid-publisher or invalid-request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "unauthenticated",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "forbidden, publisher-scope-missing or publisher-not-yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PublisherTitles titles(
            @PathParam("publisher") @Parameter(description = "The publisher as the catalogue names it, e.g. Otava",
                    schema = @Schema(maxLength = 200)) String publisher,
            @Valid @BeanParam Months months,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) @Parameter(description = "Titles to answer with") int limit,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(1_000_000) @Parameter(description = "Titles to skip") int offset) {
        String asked = access.mayRead(publisher);
        return reports.titles(asked, months.period(maxYears), limit, offset);
    }
}
