package faastestbed.plots;

import faastestbed.common.metrics.MetricsCsvReader.Problem;
import faastestbed.plots.charts.ChartWriter;
import faastestbed.plots.charts.FileNames;
import faastestbed.plots.data.CellSummary;
import faastestbed.plots.data.Group;
import faastestbed.plots.data.Grouping;
import faastestbed.plots.data.LoadedMetrics;
import faastestbed.plots.data.LoadedPool;
import faastestbed.plots.data.MetricsLoader;
import faastestbed.plots.data.PoolCells;
import faastestbed.plots.data.PoolLoader;
import faastestbed.plots.table.ContainerSummary;
import faastestbed.plots.table.GroupSummary;
import faastestbed.plots.table.MetricsTable;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line entry: reads every metrics CSV (and the pool CSVs) of a results directory, writes the charts and
 * metrics_table.txt.
 * All logic is in {@link #run}, which returns the exit code instead of exiting, so tests can call it in-process.
 */
public final class PlotMain {
    public static final int OK = 0;
    public static final int NOTHING_TO_PLOT = 1;
    public static final int BAD_ARGUMENTS = 2;

    public static final String TABLE_FILE = "metrics_table.txt";
    /** Enough malformed rows to see the pattern without burying the rest of the output. */
    static final int MAX_PROBLEMS_SHOWN = 20;

    public static final String USAGE = String.join("\n",
            "usage: java -jar plot-generator.jar [--results DIR] [--out DIR] [--help]",
            "Reads every *.csv metrics file in DIR (metrics.csv, set-aside metrics.<millis>.csv, seed-003 files)",
            "and writes per-function charts (<function>_bar|box|cdf|timeline.png), invocations_per_node.png",
            "and " + TABLE_FILE + " (latency, start-type mix and cold-start share per function and mode; idle",
            "memory per dynamic cell). pool.csv and pool.<millis>.csv (the container pool of dynamic-mode runs) are",
            "read as pool samples, not metrics; with dynamic-mode rows it also writes " + FileNames.START_TYPES + ",",
            "and with pool samples " + FileNames.COLD_VS_IDLE + " (cold starts vs idle GB·s, Pareto frontier)",
            "and " + FileNames.POOL_OVER_TIME + ". Without pool.csv these are skipped.",
            "  --results DIR  directory with the metrics CSVs (default: results)",
            "  --out DIR      where to write charts and table (default: the results directory)",
            "  --help         show this help and exit",
            "Exit codes: 0 done, 1 nothing to plot or cannot write, 2 bad arguments.");

    private PlotMain() {
    }

    /** Parsed command line. */
    record Options(Path results, Path out, boolean help) {
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        // Charts are rendered off-screen; without this AWT may look for a display and fail on servers.
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Does everything main does and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        System.setProperty("java.awt.headless", "true");
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return BAD_ARGUMENTS;
        }
        if (options.help()) {
            out.println(USAGE);
            return OK;
        }
        if (!Files.isDirectory(options.results())) {
            err.println("error: results directory not found: " + options.results());
            err.println(USAGE);
            return BAD_ARGUMENTS;
        }

        LoadedMetrics loaded;
        try {
            loaded = MetricsLoader.load(options.results());
        } catch (IOException e) {
            err.println("error: cannot list " + options.results() + ": " + e.getMessage());
            return NOTHING_TO_PLOT;
        }
        LoadedPool pool;
        try {
            pool = PoolLoader.load(options.results());
        } catch (IOException e) {
            err.println("error: cannot list " + options.results() + ": " + e.getMessage());
            return NOTHING_TO_PLOT;
        }
        if (loaded.csvFiles().isEmpty()) {
            err.println("error: no " + (pool.files().isEmpty() && pool.fileErrors().isEmpty() ? "" : "metrics ")
                    + "*.csv files in " + options.results());
            return NOTHING_TO_PLOT;
        }
        printProblems(loaded.problems(), err);
        printProblems(pool.problems(), err);
        if (loaded.records().isEmpty()) {
            List<String> fileErrors = loaded.fileErrors();
            for (int i = 1; i < fileErrors.size(); i++) {
                err.println("warning: " + fileErrors.get(i));
            }
            err.println("error: " + (fileErrors.isEmpty()
                    ? "no readable rows in " + loaded.csvFiles().size() + " CSV file(s) in " + options.results()
                    : fileErrors.get(0)));
            return NOTHING_TO_PLOT;
        }
        // Other files have rows, so a non-metrics CSV lying next to them is worth a warning, not a failure.
        loaded.fileErrors().forEach(e -> err.println("warning: skipped: " + e));
        pool.fileErrors().forEach(e -> err.println("warning: skipped: " + e));

        List<Group> groups = Grouping.byFunctionAndLabel(loaded.records());
        PoolCells cells = PoolCells.of(pool.samples()).clippedTo(loaded.records());
        if (cells.isEmpty() && groups.stream().anyMatch(Group::dynamic)) {
            err.println("warning: dynamic-mode rows but no pool samples (pool.csv) in " + options.results()
                    + "; idle memory is n/a and " + FileNames.COLD_VS_IDLE + " is not drawn");
        }
        String table = tables(groups, loaded, cells);
        List<Path> written = new ArrayList<>();
        try {
            written.addAll(ChartWriter.writeAll(groups, cells, options.out(), w -> err.println("warning: " + w)));
            List<String> names = loaded.readFiles().stream().map(p -> p.getFileName().toString()).toList();
            List<String> lines = new ArrayList<>(MetricsTable.legend(loaded.records().size(), names));
            if (!pool.files().isEmpty()) {
                lines.add("# Pool: " + pool.samples().size() + " sample(s) from " + String.join(", ",
                        pool.files().stream().map(p -> p.getFileName().toString()).toList()) + ".");
            }
            lines.add("");
            Path tableFile = options.out().resolve(TABLE_FILE);
            Files.writeString(tableFile, String.join("\n", lines) + "\n" + table, StandardCharsets.UTF_8);
            written.add(tableFile);
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot write charts or table to " + options.out() + ": " + e);
            return NOTHING_TO_PLOT;
        }

        out.println("read " + loaded.records().size() + " row(s) from " + loaded.readFiles().size() + " file(s) in "
                + options.results() + (loaded.problems().isEmpty() ? "" : "; " + loaded.problems().size() + " malformed row(s) skipped"));
        if (!pool.files().isEmpty()) {
            out.println("read " + pool.samples().size() + " pool sample(s) from " + pool.files().size() + " file(s)"
                    + (pool.problems().isEmpty() ? "" : "; " + pool.problems().size() + " malformed row(s) skipped"));
        }
        out.println("wrote " + written.size() + " file(s):");
        written.forEach(p -> out.println("  " + p));
        out.println();
        out.print(table);
        return OK;
    }

    /** The latency table, then the container sections that have data, separated by blank lines. */
    static String tables(List<Group> groups, LoadedMetrics loaded, PoolCells pool) {
        List<String> parts = new ArrayList<>();
        parts.add(MetricsTable.render(groups.stream().map(GroupSummary::of).toList()));
        parts.add(MetricsTable.renderContainers(groups.stream().map(g -> ContainerSummary.of(g, pool)).toList()));
        parts.add(MetricsTable.renderCells(CellSummary.all(loaded.records(), pool)));
        return String.join("\n", parts.stream().filter(p -> !p.isEmpty()).toList());
    }

    static Options parse(String[] args) throws UsageException {
        Path results = null;
        Path out = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--results", "--out" -> {
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                            throw new UsageException(arg + " needs a directory");
                        }
                        value = args[++i];
                    }
                    if (value.isBlank()) {
                        throw new UsageException(arg + " needs a directory");
                    }
                    if (arg.equals("--results")) {
                        results = Path.of(value);
                    } else {
                        out = Path.of(value);
                    }
                }
                default -> throw new UsageException(arg.startsWith("-") ? "unknown option: " + arg : "unexpected argument: " + arg);
            }
        }
        results = results == null ? Path.of("results") : results;
        return new Options(results, out == null ? results : out, help);
    }

    private static void printProblems(List<Problem> problems, PrintStream err) {
        problems.stream().limit(MAX_PROBLEMS_SHOWN).forEach(p -> err.println("warning: " + p));
        if (problems.size() > MAX_PROBLEMS_SHOWN) {
            err.println("warning: ... and " + (problems.size() - MAX_PROBLEMS_SHOWN) + " more malformed row(s)");
        }
    }
}
