package fi.lainaamo.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;

/** PNG plots: HdrHistogram-style latency by percentile (log scale of 1/(1-p)), and throughput over time. */
final class Plots {

    private Plots() {
    }

    static void percentiles(Path file, String title, List<String> names, List<Histogram> histograms) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int i = 0; i < names.size(); i++) {
            XYSeries series = new XYSeries(names.get(i));
            for (HistogramIterationValue v : histograms.get(i).percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 0.99999) {
                    break;
                }
                series.add(Math.log10(1 / (1 - p)), v.getValueIteratedTo() / 1000.0);
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "percentile", "latency (ms)", data,
                PlotOrientation.VERTICAL, true, false, false);
        NumberAxis x = (NumberAxis) ((XYPlot) chart.getPlot()).getDomainAxis();
        x.setRange(0, 4);
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
        x.setNumberFormatOverride(new PercentileFormat());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
    }

    static void throughput(Path file, String title, List<String> names, List<long[]> perSecond) throws IOException {
        perSecond(file, title, "cycles per second", names, perSecond);
    }

    /** A value per second of a run, one line per name. */
    static void perSecond(Path file, String title, String valueLabel, List<String> names, List<long[]> perSecond) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int i = 0; i < names.size(); i++) {
            XYSeries series = new XYSeries(names.get(i));
            long[] counts = perSecond.get(i);
            for (int s = 0; s < counts.length; s++) {
                series.add(s + 1, counts[s]);
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "second of the measured run", valueLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
    }

    /** 0 → "0%", 1 → "90%", 2 → "99%", 3 → "99.9%". */
    private static final class PercentileFormat extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer out, FieldPosition pos) {
            double p = 100 * (1 - Math.pow(10, -number));
            return out.append(new DecimalFormat("0.###").format(p)).append('%');
        }

        @Override
        public StringBuffer format(long number, StringBuffer out, FieldPosition pos) {
            return format((double) number, out, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            return null;
        }
    }
}
