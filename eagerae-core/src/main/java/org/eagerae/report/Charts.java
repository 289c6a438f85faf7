package org.eagerae.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.eagerae.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts for reports: line charts with optional error bars (XChart) and a timing diagram. */
public final class Charts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private Charts() {}

    /**
     * A series of a line chart.
     *
     * @param name   legend entry
     * @param x      x values
     * @param y      y values
     * @param errors error bars (standard deviations), or null
     * @param dashed draw dashed (e.g. training loss against validation)
     * @param color  line colour, or null for the chart's next colour
     */
    public record Series(String name, double[] x, double[] y, double[] errors, boolean dashed, Color color) {
        public Series(String name, double[] x, double[] y) {
            this(name, x, y, null, false, null);
        }
    }

    /** Distinct colours for series that belong together (e.g. a model's training and validation loss). */
    public static Color palette(int i) {
        Color[] colors = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
            new Color(188, 189, 34), new Color(23, 190, 207)};
        return colors[i % colors.length];
    }

    /** Writes a line chart as PNG. */
    public static void line(Path png, String title, String xLabel, String yLabel, boolean logY, List<Series> series) {
        line(png, title, xLabel, yLabel, false, logY, series);
    }

    /** Writes a line chart as PNG, either axis on a logarithmic scale. */
    public static void line(Path png, String title, String xLabel, String yLabel, boolean logX, boolean logY, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setLocale(Locale.ROOT);
        for (Series s : series) {
            XYSeries xy = s.errors() == null ? chart.addSeries(s.name(), s.x(), s.y()) : chart.addSeries(s.name(), s.x(), s.y(), s.errors());
            xy.setMarker(SeriesMarkers.CIRCLE);
            if (s.color() != null) {
                xy.setLineColor(s.color());
                xy.setMarkerColor(s.color());
            }
            if (s.dashed()) {
                xy.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        write(png, chart);
    }

    private static void write(Path png, XYChart chart) {
        try {
            byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            AtomicFiles.write(png, out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + png, e);
        }
    }

    /**
     * One bar of a timing diagram.
     *
     * @param lane  the row it is drawn in
     * @param label text on the bar
     * @param start seconds from the start
     * @param end   seconds from the start
     * @param color fill colour
     */
    public record Bar(String lane, String label, double start, double end, Color color) {}

    /** Draws a timing diagram (the paper's figure 4): one lane per row, bars along a seconds axis. */
    public static void timing(Path png, String title, List<String> lanes, List<Bar> bars) {
        int laneHeight = 34;
        int left = 170;
        int top = 50;
        int width = 1000;
        int height = top + lanes.size() * laneHeight + 60;
        double max = bars.stream().mapToDouble(Bar::end).max().orElse(1);
        double scale = (width - left - 30) / max;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < lanes.size(); i++) {
            g.setColor(Color.BLACK);
            g.drawString(lanes.get(i), 8, top + i * laneHeight + 21);
        }
        for (Bar b : bars) {
            int lane = lanes.indexOf(b.lane());
            int x0 = left + (int) Math.round(b.start() * scale);
            int x1 = left + (int) Math.max(Math.round(b.end() * scale), Math.round(b.start() * scale) + 2);
            int y = top + lane * laneHeight + 5;
            g.setColor(b.color());
            g.fillRect(x0, y, x1 - x0, laneHeight - 10);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(x0, y, x1 - x0, laneHeight - 10);
            if (x1 - x0 > 40) {
                g.setColor(Color.WHITE);
                g.drawString(b.label(), x0 + 4, y + 16);
            }
        }
        int axisY = top + lanes.size() * laneHeight + 10;
        g.setColor(Color.BLACK);
        g.drawLine(left, axisY, width - 30, axisY);
        double step = niceStep(max);
        for (double t = 0; t <= max + 1e-9; t += step) {
            int x = left + (int) Math.round(t * scale);
            g.drawLine(x, axisY, x, axisY + 5);
            g.drawString(String.format(Locale.ROOT, "%.0f", t), x - 8, axisY + 20);
        }
        g.drawString("seconds", width - 90, axisY + 40);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(png, out -> out.write(bytes.toByteArray()));
    }

    private static double niceStep(double max) {
        double raw = max / 8;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (raw <= m * pow) {
                return m * pow;
            }
        }
        return 10 * pow;
    }
}
