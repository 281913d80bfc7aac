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

/** One box plot per compared row of the table (ours and ctr side by side), in a grid, into one PNG. */
final class Chart {
    private static final Color OURS = new Color(0x1f77b4);
    private static final Color CTR = new Color(0xff7f0e);
    private static final int W = 460;
    private static final int H = 420;
    private static final int COLUMNS = 3;

    static void write(Report report, Results r, Path png) throws IOException {
        List<Report.Line> lines =
                report.lines.stream().filter(l -> l.ctr() != null).toList();
        int rows = Math.max(1, (lines.size() + COLUMNS - 1) / COLUMNS);
        BufferedImage img = new BufferedImage(COLUMNS * W, rows * H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < lines.size(); i++) {
            chart(r, lines.get(i)).draw(g, new Rectangle2D.Double(i % COLUMNS * W, i / COLUMNS * H, W, H));
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static JFreeChart chart(Results r, Report.Line l) {
        Results.Row row = l.row();
        List<Double> ours = r.values(row.scenario(), row.ours());
        List<Double> ctr = r.values(row.scenario(), row.ctr());
        DefaultBoxAndWhiskerCategoryDataset ds = new DefaultBoxAndWhiskerCategoryDataset();
        ds.add(ours, row.ours(), row.ours());
        ds.add(ctr, row.ctr(), row.ctr());
        NumberAxis y = new NumberAxis(row.unit());
        y.setRange(0, Math.max(l.ours().max(), l.ctr().max()) * 1.05); // every sample stays in view
        BoxAndWhiskerRenderer br = new BoxAndWhiskerRenderer();
        br.setSeriesPaint(0, OURS);
        br.setSeriesPaint(1, CTR);
        br.setMeanVisible(false);
        br.setMedianVisible(true);
        br.setMaxOutlierVisible(true);
        br.setFillBox(true);
        br.setUseOutlinePaintForWhiskers(true);
        br.setDefaultOutlinePaint(Color.DARK_GRAY);
        br.setDefaultOutlineStroke(new BasicStroke(1.2f));
        br.setItemMargin(0.0);
        br.setMaximumBarWidth(0.16);
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(new Font("DejaVu Sans", Font.BOLD, 12));
        CategoryPlot plot = new CategoryPlot(ds, x, y, br);
        plot.setBackgroundPaint(new Color(0xf7f7f7));
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(wrap(row.label()), new Font("DejaVu Sans", Font.BOLD, 12), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        String tail = row.tail() == 99 ? "p99" : "p90";
        chart.addSubtitle(new TextTitle(
                String.format(
                        Locale.ROOT,
                        "n=%d / %d · p50 %.1f vs %.1f · %s %.1f vs %.1f",
                        l.ours().n(),
                        l.ctr().n(),
                        l.ours().p50(),
                        l.ctr().p50(),
                        tail,
                        l.tail(l.ours()),
                        l.tail(l.ctr())),
                new Font("DejaVu Sans", Font.PLAIN, 11)));
        TextTitle verdict = new TextTitle(
                String.format(Locale.ROOT, "ratio of medians %.2f · bar %s: %s", l.ratio(), l.bar(), l.met()),
                new Font("DejaVu Sans", Font.BOLD, 11));
        verdict.setPaint(
                l.met().equals("met")
                        ? new Color(0x2a7d2a)
                        : l.met().equals("MISSED") ? new Color(0xb22222) : Color.DARK_GRAY);
        chart.addSubtitle(verdict);
        return chart;
    }

    /** Breaks a long title into lines of about 50 characters. */
    private static String wrap(String s) {
        StringBuilder b = new StringBuilder();
        int col = 0;
        for (String w : s.split(" ")) {
            if (col > 0 && col + w.length() > 50) {
                b.append('\n');
                col = 0;
            } else if (col > 0) {
                b.append(' ');
                col++;
            }
            b.append(w);
            col += w.length();
        }
        return b.toString();
    }
}
