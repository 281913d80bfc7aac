package dev.libcontainerd.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;

/** One box plot per scenario (library and ctr side by side, mean as a dot), drawn into one PNG. */
final class Chart {
    private static final Color LIB = new Color(0x1f77b4);
    private static final Color CTR = new Color(0xff7f0e);

    static void write(Report r, Path png) throws IOException {
        List<String> scenarios = Report.SCENARIOS.stream().filter(r::has).toList();
        int w = 520;
        int h = 560;
        BufferedImage img = new BufferedImage(Math.max(1, scenarios.size()) * w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), h);
        for (int i = 0; i < scenarios.size(); i++) {
            chart(r, scenarios.get(i)).draw(g, new Rectangle2D.Double(i * w, 0, w, h));
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static JFreeChart chart(Report r, String sc) {
        List<Double> lib = r.millis(sc, "library");
        List<Double> ctr = r.millis(sc, "ctr");
        Stats l = Stats.of(lib);
        Stats c = Stats.of(ctr);
        DefaultBoxAndWhiskerCategoryDataset ds = new DefaultBoxAndWhiskerCategoryDataset();
        ds.add(lib, "library", "library");
        ds.add(ctr, "ctr", "ctr");
        NumberAxis y = new NumberAxis("wall time per operation (ms)");
        y.setRange(0, Math.max(l.max(), c.max()) * 1.05); // every sample, outliers included, stays in view
        BoxAndWhiskerRenderer br = new BoxAndWhiskerRenderer();
        br.setSeriesPaint(0, LIB);
        br.setSeriesPaint(1, CTR);
        br.setMeanVisible(false); // the means are in the subtitle; JFreeChart's mean dot hides the median
        br.setMedianVisible(true);
        br.setMaxOutlierVisible(true);
        br.setFillBox(true);
        br.setUseOutlinePaintForWhiskers(true);
        br.setDefaultOutlinePaint(Color.DARK_GRAY);
        br.setDefaultOutlineStroke(new BasicStroke(1.2f));
        br.setItemMargin(0.0);
        br.setMaximumBarWidth(0.16);
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(new Font("DejaVu Sans", Font.BOLD, 14));
        CategoryPlot plot = new CategoryPlot(ds, x, y, br);
        plot.setBackgroundPaint(new Color(0xf7f7f7));
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        String title = sc.equals("lifecycle")
                ? "Lifecycle: create → start → EXIT → deleteTask → delete"
                : "Exec: exec `true` → EXIT → cleanup";
        JFreeChart chart = new JFreeChart(title, new Font("DejaVu Sans", Font.BOLD, 15), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        String versus = sc.equals("lifecycle") ? "vs `ctr run --rm --rootfs … echo hi`" : "vs `ctr task exec … true`";
        chart.addSubtitle(new TextTitle(versus, new Font("DejaVu Sans", Font.PLAIN, 12)));
        double bar = Report.BARS.get(sc);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT,
                "n=%d each · mean %.1f vs %.1f ms · median %.1f vs %.1f ms", l.n(), l.mean(), c.mean(), l.p50(), c.p50()),
                new Font("DejaVu Sans", Font.PLAIN, 12)));
        boolean met = l.mean() / c.mean() <= bar;
        TextTitle ratio = new TextTitle(String.format(Locale.ROOT,
                "library/ctr: ratio of means %.2f (bar ≤ %.2f: %s), of medians %.2f",
                l.mean() / c.mean(), bar, met ? "met" : "missed", l.p50() / c.p50()),
                new Font("DejaVu Sans", Font.BOLD, 12));
        ratio.setPaint(met ? new Color(0x2a7d2a) : new Color(0xb22222));
        chart.addSubtitle(ratio);
        chart.addSubtitle(new TextTitle("box: p25–p75 · line: median · whiskers: 1.5 IQR · rings: outliers",
                new Font("DejaVu Sans", Font.PLAIN, 10), Color.GRAY,
                org.jfree.chart.ui.RectangleEdge.BOTTOM, org.jfree.chart.ui.HorizontalAlignment.CENTER,
                org.jfree.chart.ui.VerticalAlignment.CENTER, org.jfree.chart.ui.RectangleInsets.ZERO_INSETS));
        return chart;
    }
}
