package fi.lainaamo.report.charts;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import fi.lainaamo.report.Months;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Roles;
import fi.lainaamo.report.ReportPeriod;
import fi.lainaamo.report.libraries.ReportAccess;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jfree.chart.JFreeChart;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The reports as pictures, for the staff console and for a municipality's own slides: the same numbers and the same
 * access rules as the JSON reports they are drawn from, as PNG or SVG by the path's extension.
 */
@Path("/v1/reports/charts")
@Produces({"image/png", "image/svg+xml"})
@RolesAllowed({Roles.LIBRARIAN, Roles.CONSORTIUM_ADMIN})
@Tag(name = "Charts", description = "Reports drawn as PNG or SVG (same access as the report each is drawn from)")
public class ChartsResource {

    static final int MOST_MUNICIPALITIES = 8;

    @Inject
    Charts charts;

    @Inject
    ReportAccess access;

    @ConfigProperty(name = "lainaamo.reports.max-years")
    int maxYears;

    @Context
    HttpHeaders headers;

    /** One municipality's loans per month, for its library's staff. */
    @GET
    @Path("/municipalities/{code}/loans.{format: png|svg}")
    @Operation(operationId = "getMunicipalityLoansChart", summary = "Draw a municipality's loans per month",
            description = "A line chart of the loans of the municipality's residents per month (the months of "
                    + "GET /v1/reports/municipalities/{code}), titles and axes in the Accept-Language's fi/sv/en. Errors: "
                    + "invalid-period, period-too-long, invalid-municipality, invalid-chart-size (400), municipality-not-served (403), "
                    + "unknown-municipality (404).")
    @APIResponse(responseCode = "200", description = "The chart", content = {
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/svg+xml", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "invalid-request, invalid-period, period-too-long, invalid-municipality or invalid-chart-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "forbidden or municipality-not-served",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown-municipality",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response municipalityLoans(
            @PathParam("code") @Parameter(description = "Three-digit municipality code, e.g. 091",
                    schema = @Schema(maxLength = 3, pattern = "^\\d{3}$")) String code,
            @PathParam("format") @Parameter(description = "png or svg", schema = @Schema(enumeration = {"png", "svg"})) String format,
            @Valid @BeanParam Months months,
            @BeanParam ChartSize size) {
        return loans(List.of(code), format, months, size, "loans-" + code);
    }

    /** Several municipalities' loans per month as a line each, to compare them. */
    @GET
    @Path("/loans-per-month.{format: png|svg}")
    @Operation(operationId = "getLoansPerMonthChart", summary = "Draw loans per month of one or more municipalities",
            description = "A line per municipality (at most 8; municipality repeated or comma-separated), each checked as "
                    + "GET /v1/reports/municipalities/{code} checks it. Errors as getMunicipalityLoansChart, and "
                    + "too-many-municipalities (400).")
    @APIResponse(responseCode = "200", description = "The chart", content = {
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/svg+xml", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "invalid-request, invalid-period, period-too-long, invalid-municipality, "
            + "too-many-municipalities or invalid-chart-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "forbidden or municipality-not-served",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown-municipality",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response loansPerMonth(
            @PathParam("format") @Parameter(description = "png or svg", schema = @Schema(enumeration = {"png", "svg"})) String format,
            @QueryParam("municipality") @Parameter(description = "Municipality codes, e.g. 091,049",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = String.class, maxItems = 8)) List<String> municipality,
            @Valid @BeanParam Months months,
            @BeanParam ChartSize size) {
        Set<String> codes = new LinkedHashSet<>();
        for (String each : municipality == null ? List.<String>of() : municipality) {
            for (String code : each.split(",")) {
                if (!code.isBlank()) {
                    codes.add(code.strip());
                }
            }
        }
        if (codes.isEmpty()) {
            throw new ProblemException(400, "invalid-municipality", "");
        }
        if (codes.size() > MOST_MUNICIPALITIES) {
            throw new ProblemException(400, "too-many-municipalities", MOST_MUNICIPALITIES);
        }
        return loans(new ArrayList<>(codes), format, months, size, "loans-per-month");
    }

    /** A municipality's most borrowed titles, with the small-cell rule. */
    @GET
    @Path("/municipalities/{code}/top-titles.{format: png|svg}")
    @Operation(operationId = "getTopTitlesChart", summary = "Draw a municipality's most borrowed titles",
            description = "Horizontal bars of the topTitles of GET /v1/reports/municipalities/{code} (at most "
                    + "lainaamo.reports.top-titles, 10). A title whose loans are below the small-cell threshold is not drawn "
                    + "(a bar would show the number); a line under the heading says how many were left out. Errors as "
                    + "getMunicipalityLoansChart.")
    @APIResponse(responseCode = "200", description = "The chart", content = {
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/svg+xml", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "invalid-request, invalid-period, period-too-long, invalid-municipality or invalid-chart-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "forbidden or municipality-not-served",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown-municipality",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response topTitles(
            @PathParam("code") @Parameter(description = "Three-digit municipality code, e.g. 091",
                    schema = @Schema(maxLength = 3, pattern = "^\\d{3}$")) String code,
            @PathParam("format") @Parameter(description = "png or svg", schema = @Schema(enumeration = {"png", "svg"})) String format,
            @Valid @BeanParam Months months,
            @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) @Parameter(description = "Titles drawn (the report has at most 10)") int limit,
            @BeanParam ChartSize size) {
        ChartFormat chartFormat = acceptable(format);
        ChartSize checked = size.checked();
        ReportPeriod period = months.period(maxYears);
        access.mayRead(code);
        return image(charts.topTitles(code, period, limit, locale()), chartFormat, checked, "top-titles-" + code);
    }

    /** Re-purchase candidates for the consortium's acquisitions staff. */
    @GET
    @Path("/holds-per-copy.{format: png|svg}")
    @RolesAllowed(Roles.CONSORTIUM_ADMIN)
    @Operation(operationId = "getHoldsPerCopyChart", summary = "Draw titles by holds waiting per copy",
            description = "Horizontal bars of holdsPerCopy of GET /v1/reports/acquisitions (consortium admins). Titles "
                    + "without a lendable copy have no ratio and are not drawn; a line under the heading counts them. "
                    + "Errors: invalid-request, invalid-chart-size (400).")
    @APIResponse(responseCode = "200", description = "The chart", content = {
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/svg+xml", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "invalid-request or invalid-chart-size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "forbidden: not a consortium admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response holdsPerCopy(
            @PathParam("format") @Parameter(description = "png or svg", schema = @Schema(enumeration = {"png", "svg"})) String format,
            @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(50) @Parameter(description = "Titles drawn") int limit,
            @BeanParam ChartSize size) {
        ChartFormat chartFormat = acceptable(format);
        return image(charts.holdsPerCopy(limit, locale()), chartFormat, size.checked(), "holds-per-copy");
    }

    private Response loans(List<String> codes, String format, Months months, ChartSize size, String name) {
        ChartFormat chartFormat = acceptable(format);
        ChartSize checked = size.checked();
        ReportPeriod period = months.period(maxYears);
        codes.forEach(access::mayRead);
        return image(charts.loansPerMonth(codes, period, locale()), chartFormat, checked, name);
    }

    /** The extension decides; an Accept header that names neither image type gets 406 rather than a surprise. */
    private ChartFormat acceptable(String extension) {
        ChartFormat format = ChartFormat.of(extension);
        MediaType wanted = MediaType.valueOf(format.mediaType());
        if (headers.getAcceptableMediaTypes().stream().noneMatch(type -> type.isCompatible(wanted))) {
            throw new ProblemException(406, "not-acceptable");
        }
        return format;
    }

    private Locale locale() {
        return Messages.locale(headers);
    }

    private static Response image(JFreeChart chart, ChartFormat format, ChartSize size, String name) {
        Response.ResponseBuilder answer = Response.ok(ChartImages.draw(chart, format, size.width, size.height), format.mediaType())
                .header("Content-Disposition", "inline; filename=\"" + name + "." + format.name().toLowerCase(Locale.ROOT) + "\"")
                .header("X-Content-Type-Options", "nosniff");
        if (format == ChartFormat.SVG) {
            // opened on its own, the SVG may style itself and nothing more
            answer.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        }
        return answer.build();
    }
}
