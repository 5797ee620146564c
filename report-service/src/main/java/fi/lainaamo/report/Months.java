package fi.lainaamo.report;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The months a report, an export or a chart covers, as every report endpoint reads them from its query
 * ({@code from} and {@code to}, YYYY-MM, both inclusive); a resource takes it as {@code @Valid @BeanParam}.
 */
public class Months {

    @QueryParam("from")
    @NotNull
    @Pattern(regexp = "\\d{4}-\\d{2}")
    @Parameter(description = "First month, YYYY-MM", schema = @Schema(maxLength = 7, pattern = "^\\d{4}-\\d{2}$"))
    String from;

    @QueryParam("to")
    @NotNull
    @Pattern(regexp = "\\d{4}-\\d{2}")
    @Parameter(description = "Last month, YYYY-MM, inclusive", schema = @Schema(maxLength = 7, pattern = "^\\d{4}-\\d{2}$"))
    String to;

    /** The period, checked: real months, in order, at most {@code maxYears} long (400 problems otherwise). */
    public ReportPeriod period(int maxYears) {
        return ReportPeriod.of(from, to, maxYears);
    }
}
