package fi.lainaamo.report.charts;

import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Draws a chart into bytes without a display. The SVG is JFreeSVG's document: text is written as escaped
 * {@code <text>} content (a publisher's title cannot become markup) and the document holds no script, no links and no
 * external references, so it is safe to serve as {@code image/svg+xml} from our own origin.
 */
final class ChartImages {

    static {
        // no X server in a container: AWT must never try to open one
        System.setProperty("java.awt.headless", "true");
    }

    private ChartImages() {
    }

    static byte[] draw(JFreeChart chart, ChartFormat format, int width, int height) {
        return format == ChartFormat.SVG ? svg(chart, width, height) : png(chart, width, height);
    }

    private static byte[] png(JFreeChart chart, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException inMemory) {
            throw new UncheckedIOException(inMemory);
        }
        return out.toByteArray();
    }

    private static byte[] svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        // the element without the document's DOCTYPE: a reader's XML parser never has to fetch or refuse an external DTD
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g.getSVGElement()).getBytes(StandardCharsets.UTF_8);
    }
}
