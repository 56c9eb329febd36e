package faastestbed.plots.charts;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.StartType;
import faastestbed.plots.data.CellKey;
import faastestbed.plots.data.CellSummary;
import faastestbed.plots.data.ColdVsIdle;
import faastestbed.plots.data.Group;
import faastestbed.plots.data.Grouping;
import faastestbed.plots.data.PoolCells;
import faastestbed.plots.stats.BoxStats;
import faastestbed.plots.stats.Descriptive;
import faastestbed.plots.stats.LatencyStats;
import faastestbed.plots.stats.StartMix;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the XChart charts, unrendered. The latency charts take the groups of one function (in
 * {@link Grouping#CHART_ORDER}) and use their OK rows only (a failed run's time says nothing about latency);
 * callers must pass groups with at least one OK row. The container charts take all functions at once.
 */
public final class Charts {
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 600;
    static final String NO_NODE = "(no node)";
    /** Above this ratio of the largest to the smallest group median, a linear axis squashes the fast groups flat. */
    static final double LOG_SCALE_RATIO = 20;
    /** Series that only draw parts of a box carry this in their (unique, never shown) names. */
    private static final String HIDDEN = "\u0000";
    private static final double BOX_HALF_WIDTH = 0.3;
    /** Rough width of a 13 pt tick label character, and of the plot area beside the legend, for {@link #rotateIfCrowded}. */
    private static final double APPROX_CHAR_PX = 7.5;
    private static final double PLOT_WIDTH_PX = 720;

    private Charts() {
    }

    /** Mean execution time per label, with the 95% t-interval of the mean as error bars (none for n &lt; 2). */
    public static CategoryChart bar(String function, List<Group> groups) {
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
        chart.setTitle(function + " — mean execution time per execution mode (error bars: 95% CI)");
        chart.setXAxisTitle("execution mode");
        chart.setYAxisTitle("mean execution time (s)");
        style(chart.getStyler());
        // One series per label, each non-zero only in its own category, overlapped: every bar gets its label's
        // colour and legend entry while the x axis still names each bar.
        chart.getStyler().setOverlapped(true).setAvailableSpaceFill(0.6);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setYAxisMin(0.0);
        List<String> labels = groups.stream().map(Group::label).toList();
        rotateIfCrowded(chart.getStyler(), labels);
        for (Group g : groups) {
            LatencyStats s = LatencyStats.of(g.okSeconds());
            double half = s.meanCi().map(ci -> (ci.high() - ci.low()) / 2).orElse(0.0);
            List<Double> y = new ArrayList<>(Collections.nCopies(labels.size(), 0.0));
            List<Double> err = new ArrayList<>(Collections.nCopies(labels.size(), 0.0));
            y.set(labels.indexOf(g.label()), s.mean());
            err.set(labels.indexOf(g.label()), half);
            CategorySeries series = chart.addSeries(g.label(), labels, y, err);
            series.setFillColor(color(g));
        }
        return chart;
    }

    /**
     * Distribution per label as Tukey box plots: box Q1..Q3, black median line, whiskers to the furthest values
     * within 1.5 IQR, outliers as points; quartiles are type 7, as in the table. Drawn on an XYChart rather than
     * XChart's BoxChart because BoxChart 3.8.x paints every box blue with a red median whatever the series
     * colours, which would break the one-colour-per-label rule of all other charts. Boxes stand at x = 1..n and
     * are named by text above them (XChart's numeric tick labels cannot be replaced by words reliably).
     */
    public static XYChart box(String function, List<Group> groups) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(function + " — execution time distribution per execution mode");
        chart.setXAxisTitle("execution mode");
        style(chart.getStyler());
        boolean log = logScale(groups);
        chart.getStyler().setYAxisLogarithmic(log).setYAxisLogarithmicDecadeOnly(false);
        chart.setYAxisTitle(log ? "execution time (s, log scale)" : "execution time (s)");
        int n = groups.size();
        chart.getStyler().setXAxisMin(0.4).setXAxisMax(n + 0.6);
        chart.getStyler().setXAxisTicksVisible(false);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, n <= 6 ? 13 : n <= 8 ? 12 : n <= 11 ? 11 : 9));
        chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);

        List<BoxStats> boxes = groups.stream().map(g -> BoxStats.of(g.okSeconds())).toList();
        double lo = boxes.stream().mapToDouble(b -> Math.min(b.lowWhisker(), min(b.outliers(), b.lowWhisker()))).min().orElse(0);
        double hi = boxes.stream().mapToDouble(b -> Math.max(b.highWhisker(), max(b.outliers(), b.highWhisker()))).max().orElse(1);
        // The y range is set here rather than by XChart so there is a band above the data for the box names.
        YBand band = log ? YBand.log(lo, hi) : YBand.linear(lo, hi);
        chart.getStyler().setYAxisMin(band.min()).setYAxisMax(band.max());

        for (int i = 0; i < n; i++) {
            Group g = groups.get(i);
            BoxStats b = boxes.get(i);
            Color c = color(g);
            double x = i + 1;
            double w = BOX_HALF_WIDTH;
            XYSeries box = chart.addSeries(g.label(), new double[]{x - w, x + w, x + w, x - w, x - w},
                    new double[]{b.q1(), b.q1(), b.q3(), b.q3(), b.q1()});
            box.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            box.setFillColor(translucent(c));
            box.setLineColor(c.darker());
            box.setLineStyle(SeriesLines.SOLID);
            box.setLineWidth(1.5f);
            box.setMarker(SeriesMarkers.NONE);
            // Whiskers and their caps as one polyline, NaN breaking it between the pieces.
            double cap = w / 2;
            double nan = Double.NaN;
            XYSeries whiskers = chart.addSeries(g.label() + HIDDEN + "whiskers",
                    new double[]{x, x, nan, x - cap, x + cap, nan, x, x, nan, x - cap, x + cap},
                    new double[]{b.q1(), b.lowWhisker(), nan, b.lowWhisker(), b.lowWhisker(), nan,
                            b.q3(), b.highWhisker(), nan, b.highWhisker(), b.highWhisker()});
            hidden(whiskers, c.darker(), 1.5f);
            XYSeries median = chart.addSeries(g.label() + HIDDEN + "median",
                    new double[]{x - w, x + w}, new double[]{b.median(), b.median()});
            hidden(median, Color.BLACK, 3f);
            double[] out = b.outliers();
            if (out.length > 0) {
                double[] ox = new double[out.length];
                Arrays.fill(ox, x);
                XYSeries outliers = chart.addSeries(g.label() + HIDDEN + "outliers", ox, out);
                outliers.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                outliers.setMarker(SeriesMarkers.CIRCLE);
                outliers.setMarkerColor(c);
                outliers.setShowInLegend(false);
            }
            // Two lines ("Round Robin" over "Cold") keep neighbouring names from running into each other.
            String policy = Palette.policyPart(g.label());
            String rest = policy.isEmpty() ? g.label() : g.label().substring(policy.length() + 3);
            chart.addAnnotation(new AnnotationText(rest, x, band.lowerText(), false));
            if (!policy.isEmpty()) {
                chart.addAnnotation(new AnnotationText(policy, x, band.upperText(), false));
            }
        }
        return chart;
    }

    /** A y range with room above the data for two lines of text, at the given positions. */
    record YBand(double min, double max, double lowerText, double upperText) {
        static YBand linear(double lo, double hi) {
            double r = hi - lo > 0 ? hi - lo : Math.max(Math.abs(hi) * 0.1, 1e-3);
            return new YBand(Math.max(0, lo - 0.05 * r), hi + 0.24 * r, hi + 0.09 * r, hi + 0.17 * r);
        }

        /** The same proportions in log space; needs lo &gt; 0. */
        static YBand log(double lo, double hi) {
            double a = Math.log10(lo);
            double b = Math.log10(hi);
            double r = Math.max(b - a, Math.log10(2));
            return new YBand(Math.pow(10, a - 0.05 * r), Math.pow(10, b + 0.24 * r),
                    Math.pow(10, b + 0.09 * r), Math.pow(10, b + 0.17 * r));
        }
    }

    private static double min(double[] v, double otherwise) {
        return Arrays.stream(v).min().orElse(otherwise);
    }

    private static double max(double[] v, double otherwise) {
        return Arrays.stream(v).max().orElse(otherwise);
    }

    /** Empirical CDF per label, drawn as a step function. */
    public static XYChart cdf(String function, List<Group> groups) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(function + " — execution time CDF per execution mode");
        chart.setYAxisTitle("fraction of invocations ≤ x");
        style(chart.getStyler());
        boolean log = logScale(groups);
        // Decade labels only: labels at every 1..9 multiple run into each other along a horizontal axis.
        chart.getStyler().setXAxisLogarithmic(log).setXAxisLogarithmicDecadeOnly(true);
        chart.setXAxisTitle(log ? "execution time (s, log scale)" : "execution time (s)");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisDecimalPattern("0.00");
        for (Group g : groups) {
            double[] x = Descriptive.sorted(g.okSeconds());
            int n = x.length;
            double[] sx = new double[2 * n];
            double[] sy = new double[2 * n];
            for (int i = 0; i < n; i++) {
                sx[2 * i] = x[i];
                sy[2 * i] = (double) i / n;
                sx[2 * i + 1] = x[i];
                sy[2 * i + 1] = (double) (i + 1) / n;
            }
            XYSeries series = chart.addSeries(g.label(), sx, sy);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(color(g));
            series.setLineStyle(SeriesLines.SOLID);
            series.setLineWidth(2.2f);
        }
        return chart;
    }

    /**
     * Execution time of each OK invocation against when it happened. x is seconds since the first row of the
     * group's run (the Run Id, so runs of different days overlay instead of stretching the axis over days);
     * if any row of the function lacks a timestamp (seed-003 files have none), every group uses its row number
     * instead, so one chart never mixes two x units. Points, not lines: overlaid runs would zig-zag.
     */
    public static XYChart timeline(String function, List<Group> groups) {
        boolean timed = groups.stream().flatMap(g -> g.rows().stream()).allMatch(r -> r.timestamp() != null);
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(function + " — execution time over the run per execution mode");
        chart.setXAxisTitle(timed ? "time since the run's first invocation of this mode (s)"
                : "invocation number within the execution mode (no timestamps)");
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        boolean log = logScale(groups);
        chart.getStyler().setYAxisLogarithmic(log).setYAxisLogarithmicDecadeOnly(false);
        chart.setYAxisTitle(log ? "execution time (s, log scale)" : "execution time (s)");
        for (Group g : groups) {
            double[][] xy = timed ? bySeconds(g) : byRowNumber(g);
            XYSeries series = chart.addSeries(g.label(), xy[0], xy[1]);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(color(g));
        }
        return chart;
    }

    /** Invocations (all statuses) per node and label, over all functions: how each policy spreads load. */
    public static CategoryChart invocationsPerNode(List<Group> allGroups) {
        TreeSet<String> nodes = new TreeSet<>();
        Map<String, Group> firstOfLabel = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        allGroups.stream().sorted(Grouping.CHART_ORDER).forEach(g -> {
            firstOfLabel.putIfAbsent(g.label(), g);
            for (MetricsRecord r : g.rows()) {
                String node = r.node().isBlank() ? NO_NODE : r.node();
                nodes.add(node);
                counts.computeIfAbsent(g.label(), l -> new TreeMap<>()).merge(node, 1, Integer::sum);
            }
        });
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
        chart.setTitle("Invocations per node per execution mode (all functions, all statuses)");
        chart.setXAxisTitle("node");
        chart.setYAxisTitle("invocations");
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        List<String> nodeList = List.copyOf(nodes);
        rotateIfCrowded(chart.getStyler(), nodeList);
        firstOfLabel.forEach((label, g) -> {
            Map<String, Integer> byNode = counts.get(label);
            List<Integer> y = nodeList.stream().map(n -> byNode.getOrDefault(n, 0)).toList();
            chart.addSeries(label, nodeList, y).setFillColor(color(g));
        });
        return chart;
    }

    /**
     * Start-type mix per label over all functions (one bar per label, segments in % of the rows with a known start
     * type, stacked to 100 %). Over all functions because the keep-alive policy, not the function, is what the
     * chart compares; the table has the per-function mix. Labels without a known start type are left out.
     */
    public static CategoryChart startTypes(List<Group> allGroups) {
        Map<String, List<MetricsRecord>> rowsOfLabel = new LinkedHashMap<>();
        allGroups.stream().sorted(Grouping.CHART_ORDER)
                .forEach(g -> rowsOfLabel.computeIfAbsent(g.label(), l -> new ArrayList<>()).addAll(g.rows()));
        Map<String, StartMix> mixes = new LinkedHashMap<>();
        rowsOfLabel.forEach((label, rows) -> {
            StartMix m = StartMix.of(rows);
            if (m.known() > 0) {
                mixes.put(label, m);
            }
        });
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
        chart.setTitle("Container start types per execution mode (all functions)");
        chart.setXAxisTitle("execution mode");
        chart.setYAxisTitle("% of invocations with a known start type");
        style(chart.getStyler());
        chart.getStyler().setStacked(true).setAvailableSpaceFill(0.6);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        List<String> labels = List.copyOf(mixes.keySet());
        rotateIfCrowded(chart.getStyler(), labels);
        // Worst to best from the bottom up, so the cold-start share is the height of the lower two segments.
        for (StartType t : List.of(StartType.COLD, StartType.IMAGE_CACHED, StartType.PREWARMED, StartType.WARM)) {
            List<Double> y = labels.stream().map(l -> mixes.get(l).percent(t).orElse(0)).toList();
            chart.addSeries(t.id(), labels, y).setFillColor(Palette.of(t));
        }
        return chart;
    }

    /**
     * The keep-alive trade-off (as in ATC'20 and FaasCache): idle memory against cold-start share, one point per
     * label. Points on the Pareto frontier are diamonds joined by a dashed line: for them no other label has both
     * less idle memory and fewer cold starts.
     */
    public static XYChart coldVsIdleMemory(List<ColdVsIdle.Point> points) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle("Cold starts vs idle memory (dashed: Pareto frontier)");
        boolean repeated = points.stream().anyMatch(p -> p.cells() > 1);
        chart.setXAxisTitle("idle memory (GB·s per cell" + (repeated ? ", mean over a label's cells" : "") + ")");
        chart.setYAxisTitle("cold starts (% of invocations)");
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(12);
        chart.getStyler().setXAxisMin(0.0).setYAxisMin(0.0).setYAxisMax(100.0);
        List<ColdVsIdle.Point> front = ColdVsIdle.frontier(points);
        if (front.size() > 1) {
            XYSeries line = chart.addSeries("Pareto frontier", front.stream().mapToDouble(ColdVsIdle.Point::idleGbS).toArray(),
                    front.stream().mapToDouble(ColdVsIdle.Point::coldPercent).toArray());
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(Color.DARK_GRAY);
            line.setLineStyle(SeriesLines.DASH_DASH);
            line.setLineWidth(1.5f);
        }
        for (ColdVsIdle.Point p : points) {
            XYSeries s = chart.addSeries(p.label(), new double[]{p.idleGbS()}, new double[]{p.coldPercent()});
            s.setMarker(front.contains(p) ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            s.setMarkerColor(Palette.of(p.label(), Optional.empty()));
        }
        return chart;
    }

    /**
     * Containers (idle + busy, all nodes and functions) over time, one line per cell sampled in pool.csv; time is
     * seconds since the cell's first sample, so cells run one after another overlay for comparison.
     */
    public static XYChart poolOverTime(List<CellSummary> cells, PoolCells pool) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle("Containers in the pool per cell");
        chart.setXAxisTitle("time since the cell's first pool sample (s)");
        chart.setYAxisTitle("containers (idle + busy, all nodes and functions)");
        style(chart.getStyler());
        chart.getStyler().setXAxisMin(0.0).setYAxisMin(0.0);
        List<CellSummary> sampled = cells.stream().filter(c -> c.samples() > 0).toList();
        Map<CellKey, String> names = seriesNames(sampled);
        for (CellSummary c : sampled) {
            double[][] xy = pool.containersOverTime(c.key());
            XYSeries s = chart.addSeries(names.get(c.key()), xy[0], xy[1]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Palette.of(c.label(), Optional.empty()));
            s.setLineStyle(SeriesLines.SOLID);
            s.setLineWidth(2f);
        }
        return chart;
    }

    /**
     * Legend names of cells: the label where it names one cell; where several cells share a label (repeated runs)
     * the run id and cell tag are added, since XChart needs unique series names and the reader needs to tell them apart.
     */
    static Map<CellKey, String> seriesNames(List<CellSummary> cells) {
        Map<String, Integer> uses = new HashMap<>();
        cells.forEach(c -> uses.merge(c.label(), 1, Integer::sum));
        Map<CellKey, String> names = new LinkedHashMap<>();
        for (CellSummary c : cells) {
            String name = c.label();
            if (uses.get(name) > 1) {
                CellKey k = c.key();
                name += " — run " + k.runId() + (k.cell().isEmpty() ? "" : ", cell " + k.cell());
                if (c.label().equals(CellSummary.NO_ROWS) || names.containsValue(name)) {
                    name += ", " + k.policy() + " [" + k.keepAlive() + "]";
                }
            }
            names.put(c.key(), name);
        }
        return names;
    }

    static double[][] bySeconds(Group g) {
        Map<String, Instant> runStart = new HashMap<>();
        for (MetricsRecord r : g.rows()) {
            runStart.merge(r.runId(), r.timestamp(), (a, b) -> a.isBefore(b) ? a : b);
        }
        List<MetricsRecord> ok = new ArrayList<>(g.okRows());
        ok.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
        double[] x = new double[ok.size()];
        double[] y = new double[ok.size()];
        for (int i = 0; i < ok.size(); i++) {
            MetricsRecord r = ok.get(i);
            x[i] = Duration.between(runStart.get(r.runId()), r.timestamp()).toNanos() / 1e9;
            y[i] = r.executionTimeS();
        }
        return new double[][]{x, y};
    }

    static double[][] byRowNumber(Group g) {
        // Numbered among all rows of the group, so gaps show where failed invocations were.
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < g.rows().size(); i++) {
            MetricsRecord r = g.rows().get(i);
            if (r.ok()) {
                x.add(i + 1.0);
                y.add(r.executionTimeS());
            }
        }
        return new double[][]{x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray()};
    }

    /** Log scale only when all times are positive (log 0 is undefined) and the groups differ by &ge; {@link #LOG_SCALE_RATIO}x. */
    static boolean logScale(List<Group> groups) {
        double minMedian = Double.POSITIVE_INFINITY;
        double maxMedian = 0;
        for (Group g : groups) {
            double[] s = g.okSeconds();
            if (Arrays.stream(s).anyMatch(v -> v <= 0)) {
                return false;
            }
            double median = Descriptive.percentile(s, 0.5);
            minMedian = Math.min(minMedian, median);
            maxMedian = Math.max(maxMedian, median);
        }
        return maxMedian / minMedian >= LOG_SCALE_RATIO;
    }

    /**
     * Slants the x tick labels when written side by side they would overlap, and drops them when even slanted
     * they would be a smear (dozens of labels); the legend still names every series then.
     */
    private static void rotateIfCrowded(AxesChartStyler s, List<String> labels) {
        double px = (labels.stream().mapToInt(String::length).sum() + 2 * labels.size()) * APPROX_CHAR_PX;
        if (px > 4 * PLOT_WIDTH_PX) {
            s.setXAxisTicksVisible(false);
        } else if (px > PLOT_WIDTH_PX) {
            s.setXAxisLabelRotation(25);
        }
    }

    private static void hidden(XYSeries series, Color color, float width) {
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setLineStyle(SeriesLines.SOLID);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(width);
        series.setShowInLegend(false);
    }

    static Color color(Group g) {
        return Palette.of(g.label(), g.mode());
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 170);
    }

    /** Shared look: white background, large fonts, legend below the plot so long labels never cover data. */
    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(0xDDDDDD));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        // Legend to the right, one label per line: long labels never cover data and never run off the image.
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setChartPadding(12);
        s.setAntiAlias(true);
    }
}
