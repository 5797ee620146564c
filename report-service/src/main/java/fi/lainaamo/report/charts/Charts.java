package fi.lainaamo.report.charts;

import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.report.ReportDays;
import fi.lainaamo.report.ReportPeriod;
import fi.lainaamo.report.SmallCells;
import fi.lainaamo.report.acquisitions.Acquisitions;
import fi.lainaamo.report.acquisitions.AcquisitionsReport;
import fi.lainaamo.report.municipality.MunicipalityReport;
import fi.lainaamo.report.municipality.MunicipalityReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Draws the reports as charts: the numbers come from the report classes the JSON endpoints use (nothing is counted
 * twice, and the small-cell rule is the one {@link SmallCells} applies), the words from the service's message bundles
 * in the caller's language.
 */
@ApplicationScoped
public class Charts {

    /** Colours that stay apart for colour-blind readers (Okabe–Ito), one per municipality's line. */
    private static final Color[] SERIES = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
    private static final int LONGEST_LABEL = 40;

    @Inject
    MunicipalityReports municipalities;

    @Inject
    Acquisitions acquisitions;

    @Inject
    SmallCells smallCells;

    /** Loans per month, a line per municipality; the caller has checked access to each and the period. */
    public JFreeChart loansPerMonth(List<String> codes, ReportPeriod period, Locale locale) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String code : codes) {
            MunicipalityReport report = municipalities.report(code, period);
            for (MunicipalityReport.Month month : report.months()) {
                data.addValue(month.loans(), code, month.month());
            }
        }
        String title = codes.size() == 1
                ? Messages.text("chart.loans-per-month.title.one", locale, codes.get(0))
                : Messages.text("chart.loans-per-month.title", locale);
        JFreeChart chart = ChartFactory.createLineChart(title, Messages.text("chart.axis.month", locale),
                Messages.text("chart.axis.loans", locale), data, PlotOrientation.VERTICAL, codes.size() > 1, false, false);
        chart.addSubtitle(new TextTitle(periodText(period, locale)));
        CategoryPlot plot = styled(chart, locale);
        LineAndShapeRenderer renderer = (LineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(true);
        for (int series = 0; series < codes.size(); series++) {
            renderer.setSeriesPaint(series, SERIES[series % SERIES.length]);
            renderer.setSeriesStroke(series, new BasicStroke(2.5f));
        }
        if (period.from().until(period.to(), java.time.temporal.ChronoUnit.MONTHS) > 6) {
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        return chart;
    }

    /**
     * The municipality's most borrowed titles as horizontal bars. A title whose loans the small-cell rule withholds
     * is left out of the bars (a bar would show its length, i.e. the number); a line under the title says how many
     * were left out.
     */
    public JFreeChart topTitles(String code, ReportPeriod period, int limit, Locale locale) {
        MunicipalityReport report = municipalities.report(code, period);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String series = Messages.text("chart.axis.loans", locale);
        int withheld = 0;
        for (MunicipalityReport.TopTitle top : report.topTitles().subList(0, Math.min(limit, report.topTitles().size()))) {
            if (top.loans() == null) {
                withheld++;
            } else {
                data.addValue(top.loans(), series, new TitleKey(label(top.title(), locale), top.publicationId()));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(Messages.text("chart.top-titles.title", locale, code),
                Messages.text("chart.axis.title", locale), series, data, PlotOrientation.HORIZONTAL, false, false, false);
        chart.addSubtitle(new TextTitle(periodText(period, locale)));
        if (withheld > 0) {
            chart.addSubtitle(new TextTitle(Messages.text("chart.top-titles.withheld", locale, withheld, smallCells.threshold())));
        }
        bars(styled(chart, locale));
        return chart;
    }

    /** Titles by holds waiting per lendable copy; titles without any lendable copy have no ratio and are not drawn. */
    public JFreeChart holdsPerCopy(int limit, Locale locale) {
        YearMonth now = YearMonth.now(ReportDays.FINLAND);
        AcquisitionsReport report = acquisitions.report(new ReportPeriod(now, now), Duration.ZERO, 0, limit, 0);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String series = Messages.text("chart.axis.holds-per-copy", locale);
        int noCopy = 0;
        for (AcquisitionsReport.Demand demand : report.holdsPerCopy()) {
            if (demand.holdsPerCopy() == null) {
                noCopy++;
            } else {
                data.addValue(demand.holdsPerCopy(), series, new TitleKey(label(demand.title(), locale), demand.publicationId()));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(Messages.text("chart.holds-per-copy.title", locale),
                Messages.text("chart.axis.title", locale), series, data, PlotOrientation.HORIZONTAL, false, false, false);
        if (noCopy > 0) {
            chart.addSubtitle(new TextTitle(Messages.text("chart.holds-per-copy.no-copy", locale, noCopy)));
        }
        CategoryPlot plot = styled(chart, locale);
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createStandardTickUnits(locale));
        bars(plot);
        return chart;
    }

    private static String periodText(ReportPeriod period, Locale locale) {
        return Messages.text("chart.period", locale, period.from().toString(), period.to().toString());
    }

    /** A title as a bar's label: shortened past 40 characters; a title the catalogue has not told yet is named so. */
    static String label(String title, Locale locale) {
        if (title == null || title.isBlank()) {
            return Messages.text("chart.untitled", locale);
        }
        String plain = title.strip().replaceAll("\\s+", " ");
        return plain.length() <= LONGEST_LABEL ? plain : plain.substring(0, LONGEST_LABEL - 1).strip() + "…";
    }

    /** White, flat, whole numbers on the value axis, and no chart shown without words when there is nothing to draw. */
    private static CategoryPlot styled(JFreeChart chart, Locale locale) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xBBBBBB));
        plot.setNoDataMessage(Messages.text("chart.no-data", locale));
        NumberAxis values = (NumberAxis) plot.getRangeAxis();
        values.setStandardTickUnits(NumberAxis.createIntegerTickUnits(locale));
        CategoryAxis categories = plot.getDomainAxis();
        categories.setMaximumCategoryLabelWidthRatio(0.45f);
        return plot;
    }

    private static void bars(CategoryPlot plot) {
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, SERIES[0]);
        renderer.setMaximumBarWidth(0.08);
    }

    /** A bar's category: two titles of the same name stay two bars; the axis prints the label. */
    record TitleKey(String label, UUID publicationId) implements Comparable<TitleKey> {
        @Override
        public int compareTo(TitleKey other) {
            int byLabel = label.compareTo(other.label);
            return byLabel != 0 ? byLabel : String.valueOf(publicationId).compareTo(String.valueOf(other.publicationId));
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
