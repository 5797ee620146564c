package fi.lainaamo.report.export;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import fi.lainaamo.report.Months;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Roles;
import fi.lainaamo.report.ReportPeriod;
import fi.lainaamo.report.libraries.ReportAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The E-kirjasto loan statistics as a file, for municipalities' and libraries' own spreadsheets. */
@Path("/v1/reports/loans/export")
@RolesAllowed({Roles.LIBRARIAN, Roles.CONSORTIUM_ADMIN})
@Tag(name = "Exports", description = "Loan statistics as CSV or XLSX in E-kirjasto's columns")
public class LoanExportResource {

    static final String CSV = "text/csv";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    LoanExport export;

    @Inject
    ReportAccess access;

    @ConfigProperty(name = "lainaamo.reports.max-years")
    int maxYears;

    /** One row per title, library and municipality with its loans over the period; streamed as it is read. */
    @GET
    @Produces({CSV, XLSX})
    @Operation(operationId = "exportLoans", summary = "Export loan statistics",
            description = "Columns: Tekijä, Nimeke, Lajityyppi, Tunniste, Kirjasto, Sijainti, Formaatti, Kategoria(t), Kohderyhmä, "
                    + "Kieli, Kustantaja, Julkaisuvuosi, Kaikki lainat. One row per title, library (Kirjasto, its id) and "
                    + "municipality (Sijainti, its code) with loans in the period, ordered by municipality, library and title. "
                    + "Small-cell rule: fewer loans than lainaamo.reports.small-cell (default 3) show as \"< 3\". A librarian "
                    + "exports the municipalities their library serves (all of them when none is named); an admin any. CSV is "
                    + "UTF-8 with a byte order mark, comma-separated, CRLF lines.")
    @APIResponse(responseCode = "200", description = "The file",
            content = {@Content(mediaType = CSV, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
                    @Content(mediaType = XLSX, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = "invalid-request, invalid-period, period-too-long or invalid-municipality",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "forbidden or municipality-not-served",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown-municipality",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response export(
            @Valid @BeanParam Months months,
            @QueryParam("library") @Parameter(description = "Only loans of this library's patrons") UUID library,
            @QueryParam("municipality") @Size(max = 1600) @Parameter(description = "Comma-separated municipality codes, e.g. 091,049",
                    schema = @Schema(maxLength = 1600)) String municipality,
            @QueryParam("format") @DefaultValue("csv") @Pattern(regexp = "csv|xlsx") @Parameter(description = "csv or xlsx",
                    schema = @Schema(enumeration = {"csv", "xlsx"}, defaultValue = "csv")) String format) {
        ReportPeriod period = months.period(maxYears);
        List<String> asked = municipality == null || municipality.isBlank() ? List.of()
                : Arrays.stream(municipality.split(",")).map(String::trim).filter(code -> !code.isEmpty()).toList();
        if (asked.size() > 400) {
            throw new ProblemException(400, "invalid-municipality", municipality.substring(0, 20) + "...");
        }
        LoanExport.Selection selection = new LoanExport.Selection(period, access.readable(asked), library);
        boolean xlsx = "xlsx".equals(format);
        String file = "lainat-" + period.from() + "-" + period.to() + (xlsx ? ".xlsx" : ".csv");
        StreamingOutput body = xlsx ? out -> export.xlsx(selection, out) : out -> export.csv(selection, out);
        return Response.ok(body, xlsx ? XLSX : CSV + "; charset=UTF-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"").build();
    }
}
