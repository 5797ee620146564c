package fi.lainaamo.report.charts;

import fi.lainaamo.platform.problem.ProblemException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** A chart's size in pixels, as every chart endpoint reads it from its query; taken as {@code @BeanParam}. */
public class ChartSize {

    static final int SMALLEST = 200;
    static final int LARGEST = 2000;

    @QueryParam("width")
    @DefaultValue("800")
    @Parameter(description = "Pixels, 200–2000", schema = @Schema(minimum = "200", maximum = "2000"))
    int width;

    @QueryParam("height")
    @DefaultValue("400")
    @Parameter(description = "Pixels, 200–2000", schema = @Schema(minimum = "200", maximum = "2000"))
    int height;

    /** This size, or a 400 {@code invalid-chart-size} saying what is allowed. */
    ChartSize checked() {
        if (width < SMALLEST || width > LARGEST || height < SMALLEST || height > LARGEST) {
            // as text: a number would be grouped by the locale ("2 000")
            throw new ProblemException(400, "invalid-chart-size", String.valueOf(SMALLEST), String.valueOf(LARGEST));
        }
        return this;
    }
}
