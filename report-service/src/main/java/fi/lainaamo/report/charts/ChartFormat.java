package fi.lainaamo.report.charts;

/** The two ways a chart is sent: PNG for an {@code <img>} anywhere, SVG to scale and to read its text. */
public enum ChartFormat {
    PNG("image/png"),
    SVG("image/svg+xml");

    public static final String PATTERN = "png|svg";

    private final String mediaType;

    ChartFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format named by the path's extension; the path's pattern admits only png and svg. */
    public static ChartFormat of(String extension) {
        return "svg".equalsIgnoreCase(extension) ? SVG : PNG;
    }

}
