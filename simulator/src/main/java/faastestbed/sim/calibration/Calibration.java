package faastestbed.sim.calibration;

import faastestbed.client.run.Stats;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.StartType;
import faastestbed.sim.model.Phases;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.rng.UniformRandomProvider;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Per function and start type, the phases of real invocations: what a simulation draws from. A draw takes one real
 * invocation's phases together (pull, init, run and the gateway's overhead), so whatever ties them in reality
 * (a slow node slows every phase) stays tied.
 *
 * <p>Run times are taken only from invocations that had their node to themselves while they ran (no other row of the
 * same node overlaps them), because the simulator adds the slowdown of shared cores itself; a function × start type
 * with fewer than {@link #MIN_ALONE} such rows keeps all its rows, and the report says so.
 */
public final class Calibration {
    public static final int MIN_ALONE = 5;
    public static final String FILE_NAME = "calibration.csv";
    private static final String[] HEADINGS = {"Function", "Start Type", "Overhead (ms)", "Pull (ms)", "Init (ms)", "Run (ms)"};

    /** Key of the exponent fitted over every function's rows, used for a function without enough of its own. */
    public static final String ALL = "*";
    /** Rows that shared their node needed for an exponent of a function's own. */
    public static final int MIN_SHARED = 3;
    /**
     * Rows whose node held this many calls on average, or more, fit the sharing efficiency. Rows shared only part of
     * their time say little: whether the overlap fell on their run or on the gateway's work around it is not recorded.
     */
    public static final double MOSTLY_SHARED = 1.8;

    /**
     * How well a node's cores are shared: while k > 1 calls share a node (of at most one core), each runs at
     * efficiency / k of its speed alone. 1 is plain processor sharing; real nodes lose some of their capacity to
     * sharing (CFS quota throttling, cache and scheduler effects), measured here.
     */
    public record Contention(double efficiency, int rows) {
    }

    private final Map<String, Map<StartType, List<Phases>>> samples;
    private final Map<String, Contention> contention;
    private final List<String> notes;

    private Calibration(Map<String, Map<StartType, List<Phases>>> samples, Map<String, Contention> contention,
                        List<String> notes) {
        this.samples = samples;
        this.contention = Map.copyOf(contention);
        this.notes = List.copyOf(notes);
    }

    public static Calibration empty() {
        return new Calibration(new TreeMap<>(), Map.of(), List.of());
    }

    /** The function's sharing efficiency, else the one over all functions, else 1 (processor sharing). */
    public double contention(String function) {
        Contention c = contention.getOrDefault(function, contention.get(ALL));
        return c == null ? 1.0 : c.efficiency();
    }

    public Map<String, Contention> contentions() {
        return contention;
    }

    /** From the rows of a real run (metrics.csv): its successful, real invocations. */
    public static Calibration fromRecords(List<MetricsRecord> records) {
        List<MetricsRecord> ok = records.stream()
                .filter(r -> r.ok() && r.source() == faastestbed.common.model.Source.REAL && r.timestamp() != null
                        && !r.node().isEmpty() && r.container().startType() != null)
                .toList();
        double[][][] profiles = sharingProfiles(ok);
        List<Boolean> alone = new ArrayList<>();
        for (double[][] p : profiles) {
            alone.add(meanSharing(p) <= 1.0);
        }
        Map<String, Map<StartType, List<Phases>>> all = new TreeMap<>();
        Map<String, Map<StartType, List<Phases>>> solo = new TreeMap<>();
        for (int i = 0; i < ok.size(); i++) {
            MetricsRecord r = ok.get(i);
            Phases p = phases(r);
            all.computeIfAbsent(r.function(), k -> new EnumMap<>(StartType.class))
                    .computeIfAbsent(r.container().startType(), k -> new ArrayList<>()).add(p);
            if (alone.get(i)) {
                solo.computeIfAbsent(r.function(), k -> new EnumMap<>(StartType.class))
                        .computeIfAbsent(r.container().startType(), k -> new ArrayList<>()).add(p);
            }
        }
        List<String> notes = new ArrayList<>();
        Map<String, Map<StartType, List<Phases>>> chosen = new TreeMap<>();
        all.forEach((f, byType) -> byType.forEach((t, list) -> {
            List<Phases> s = solo.getOrDefault(f, Map.of()).getOrDefault(t, List.of());
            List<Phases> use = s.size() >= MIN_ALONE ? s : list;
            if (use == list && s.size() < list.size()) {
                notes.add(String.format(Locale.ROOT, "%s %s: only %d of %d rows ran alone on their node; all are used,"
                        + " so its run times include some sharing of cores", f, t.id(), s.size(), list.size()));
            }
            chosen.computeIfAbsent(f, k -> new EnumMap<>(StartType.class)).put(t, List.copyOf(use));
        }));
        return new Calibration(chosen, fitContention(ok, profiles, solo), notes);
    }

    /**
     * Per function (and over all), the sharing efficiency of the simulator's model: while k > 1 calls share a node
     * (of at most one core) a call runs at efficiency / k of its speed alone. For each row that shared its node, the
     * observed slowdown r (its run time over the median run time alone of its function and start type) is set
     * against what the model predicts from how many calls its node held moment by moment, 1 / mean_t speed(k(t));
     * the efficiency minimises the squared error of the logarithms (golden-section search on [0.05, 1]).
     */
    private static Map<String, Contention> fitContention(List<MetricsRecord> rows, double[][][] profiles,
                                                         Map<String, Map<StartType, List<Phases>>> solo) {
        Map<String, List<double[][]>> profilesBy = new TreeMap<>();
        Map<String, List<Double>> logR = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            MetricsRecord r = rows.get(i);
            double[][] prof = profiles[i];
            List<Phases> aloneRows = solo.getOrDefault(r.function(), Map.of()).get(r.container().startType());
            if (meanSharing(prof) < MOSTLY_SHARED || aloneRows == null || aloneRows.isEmpty() || r.timings().runMs() <= 0) {
                continue;
            }
            double m = median(aloneRows, Phases::runMs);
            if (!(m > 0)) {
                continue;
            }
            for (String key : List.of(r.function(), ALL)) {
                profilesBy.computeIfAbsent(key, x -> new ArrayList<>()).add(prof);
                logR.computeIfAbsent(key, x -> new ArrayList<>()).add(Math.log(r.timings().runMs() / m));
            }
        }
        Map<String, Contention> out = new TreeMap<>();
        profilesBy.forEach((f, profs) -> {
            if (profs.size() >= MIN_SHARED) {
                List<Double> lr = logR.get(f);
                out.put(f, new Contention(goldenMin(e -> error(e, profs, lr), 0.05, 1), profs.size()));
            }
        });
        return out;
    }

    private static double error(double efficiency, List<double[][]> profiles, List<Double> logR) {
        double e = 0;
        for (int i = 0; i < profiles.size(); i++) {
            double speed = 0;
            for (double[] seg : profiles.get(i)) {
                speed += seg[1] * (seg[0] > 1 ? efficiency / seg[0] : 1);
            }
            double d = logR.get(i) + Math.log(speed);
            e += d * d;
        }
        return e;
    }

    private static double goldenMin(java.util.function.DoubleUnaryOperator f, double lo, double hi) {
        double g = (Math.sqrt(5) - 1) / 2;
        double a = lo;
        double b = hi;
        for (int i = 0; i < 100 && b - a > 1e-6; i++) {
            double c = b - g * (b - a);
            double d = a + g * (b - a);
            if (f.applyAsDouble(c) <= f.applyAsDouble(d)) {
                b = d;
            } else {
                a = c;
            }
        }
        return (a + b) / 2;
    }

    private static double meanSharing(double[][] profile) {
        double k = 0;
        for (double[] seg : profile) {
            k += seg[0] * seg[1];
        }
        return k;
    }

    /** The phases of a real row: its gateway overhead is what the named phases and the waits leave of its time. */
    static Phases phases(MetricsRecord r) {
        double pull = Math.max(0, r.timings().pullMs());
        double init = Math.max(0, r.timings().initMs());
        double run = Math.max(0, r.timings().runMs());
        double waits = Math.max(0, r.timings().queueMs()) + Math.max(0, r.container().waitMs());
        double overhead = Math.max(0, r.executionTimeMs() - pull - init - run - waits);
        return new Phases(overhead, pull, init, run);
    }

    /**
     * For each row, how many calls its node held while it ran, moment by moment: segments {k, share of its time}
     * (k counts the row itself; one segment {1, 1} when it had the node to itself).
     */
    private static double[][][] sharingProfiles(List<MetricsRecord> rows) {
        Map<String, List<Integer>> byNode = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byNode.computeIfAbsent(rows.get(i).node(), k -> new ArrayList<>()).add(i);
        }
        long[] start = new long[rows.size()];
        long[] end = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            start[i] = nanos(rows.get(i).timestamp());
            end[i] = start[i] + Math.round(rows.get(i).executionTimeS() * 1e9);
        }
        double[][][] out = new double[rows.size()][][];
        for (List<Integer> idx : byNode.values()) {
            for (int a : idx) {
                long s0 = start[a];
                long e0 = end[a];
                if (e0 <= s0) {
                    out[a] = new double[][]{{1, 1}};
                    continue;
                }
                java.util.TreeSet<Long> cuts = new java.util.TreeSet<>(List.of(s0, e0));
                for (int b : idx) {
                    if (start[b] > s0 && start[b] < e0) {
                        cuts.add(start[b]);
                    }
                    if (end[b] > s0 && end[b] < e0) {
                        cuts.add(end[b]);
                    }
                }
                List<double[]> segs = new ArrayList<>();
                Long prev = null;
                for (long cut : cuts) {
                    if (prev != null) {
                        double mid = (prev + cut) / 2.0;
                        int k = 0;
                        for (int b : idx) {
                            if (start[b] <= mid && end[b] > mid) {
                                k++;
                            }
                        }
                        segs.add(new double[]{Math.max(1, k), (double) (cut - prev) / (e0 - s0)});
                    }
                    prev = cut;
                }
                out[a] = segs.toArray(double[][]::new);
            }
        }
        return out;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    public boolean knows(String function) {
        return samples.containsKey(function);
    }

    public List<String> notes() {
        return notes;
    }

    /** The rows for a function × start type, with the fallbacks of {@link #draw}; empty when the function is unknown. */
    public Optional<List<Phases>> rows(String function, StartType type) {
        Map<StartType, List<Phases>> byType = samples.get(function);
        if (byType == null) {
            return Optional.empty();
        }
        List<Phases> exact = byType.get(type);
        if (exact != null) {
            return Optional.of(exact);
        }
        return switch (type) {
            case WARM, PREWARMED -> Optional.ofNullable(byType.get(type == StartType.WARM ? StartType.PREWARMED : StartType.WARM))
                    .or(() -> Optional.ofNullable(byType.get(StartType.IMAGE_CACHED)))
                    .or(() -> Optional.ofNullable(byType.get(StartType.COLD)))
                    .map(l -> l.stream().map(p -> new Phases(p.overheadMs(), 0, 0, p.runMs())).toList());
            case IMAGE_CACHED -> Optional.ofNullable(byType.get(StartType.COLD))
                    .map(l -> l.stream().map(Phases::withoutPull).toList());
            case COLD -> Optional.ofNullable(byType.get(StartType.IMAGE_CACHED));
        };
    }

    /**
     * One real invocation's phases, drawn uniformly. Fallbacks when a start type was never seen: warm and prewarmed
     * stand for each other, else a started call's overhead and run (a run of a calibration with starts only);
     * image-cached is cold without its pull, and cold is image-cached with no pull.
     */
    public Phases draw(String function, StartType type, UniformRandomProvider rng) {
        List<Phases> rows = rows(function, type).orElseThrow(() -> new IllegalArgumentException(
                "the calibration has no rows of function '" + function + "' (" + type.id() + ")"));
        return rows.get(rows.size() == 1 ? 0 : rng.nextInt(rows.size()));
    }

    public Map<String, Map<StartType, List<Phases>>> samples() {
        return samples;
    }

    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter out = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator('\n')
                     .setCommentMarker('#').setHeaderComments(contentionComments()).setHeader(HEADINGS).get())) {
            for (var f : samples.entrySet()) {
                for (var t : f.getValue().entrySet()) {
                    for (Phases p : t.getValue()) {
                        out.printRecord(f.getKey(), t.getKey().id(), ms(p.overheadMs()), ms(p.pullMs()),
                                ms(p.initMs()), ms(p.runMs()));
                    }
                }
            }
        }
    }

    private String[] contentionComments() {
        List<String> lines = new ArrayList<>();
        lines.add("Phases of real invocations per function and start type (ms); the simulator draws whole rows.");
        lines.add("contention FUNCTION EFFICIENCY ROWS: k > 1 calls sharing a node each run at EFFICIENCY/k of their"
                + " speed alone; * = over all functions");
        contention.forEach((f, c) -> lines.add(String.format(Locale.ROOT, "contention %s %.3f %d", f, c.efficiency(), c.rows())));
        return lines.toArray(String[]::new);
    }

    /**
     * @throws IllegalArgumentException naming the line of a row that cannot be read
     */
    public static Calibration read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    public static Calibration read(Reader in, String source) throws IOException {
        Map<String, Map<StartType, List<Phases>>> samples = new TreeMap<>();
        Map<String, Contention> contention = new TreeMap<>();
        try (CSVParser p = CSVParser.builder().setReader(in).setFormat(CSVFormat.RFC4180.builder().setHeader()
                .setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true)
                .setCommentMarker('#').get()).get()) {
            String comment = p.getHeaderComment();
            for (String line : comment == null ? new String[0] : comment.split("\n")) {
                String[] w = line.trim().split("\\s+");
                if (w.length == 4 && w[0].equals("contention")) {
                    try {
                        contention.put(w[1], new Contention(Double.parseDouble(w[2]), Integer.parseInt(w[3])));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(source + ": bad contention line '" + line + "'");
                    }
                }
            }
            for (String h : HEADINGS) {
                if (!p.getHeaderNames().contains(h)) {
                    throw new IllegalArgumentException(source + " is not a calibration file: missing column '" + h + "'");
                }
            }
            for (CSVRecord row : p) {
                try {
                    StartType t = StartType.parse(row.get("Start Type")).orElseThrow(() ->
                            new IllegalArgumentException("unknown start type '" + row.get("Start Type") + "'"));
                    Phases ph = new Phases(Double.parseDouble(row.get("Overhead (ms)")),
                            Double.parseDouble(row.get("Pull (ms)")), Double.parseDouble(row.get("Init (ms)")),
                            Double.parseDouble(row.get("Run (ms)")));
                    samples.computeIfAbsent(row.get("Function"), k -> new EnumMap<>(StartType.class))
                            .computeIfAbsent(t, k -> new ArrayList<>()).add(ph);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(source + " line " + p.getCurrentLineNumber() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return new Calibration(samples, contention, List.of());
    }

    /** One line per function × start type: rows and median phases. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-14s %-13s %5s %10s %10s %10s %10s%n", "function", "start type", "rows",
                "overhead", "pull", "init", "run"));
        samples.forEach((f, byType) -> byType.forEach((t, rows) -> b.append(String.format(Locale.ROOT,
                "%-14s %-13s %5d %8.0f ms %7.0f ms %7.0f ms %7.0f ms%n", f, t.id(), rows.size(),
                median(rows, Phases::overheadMs), median(rows, Phases::pullMs), median(rows, Phases::initMs),
                median(rows, Phases::runMs)))));
        contention.forEach((f, c) -> b.append(String.format(Locale.ROOT,
                "sharing %s: k > 1 calls on a node each run at %.2f/k of their speed alone (%d rows that shared theirs)%n",
                f.equals(ALL) ? "over all functions" : f, c.efficiency(), c.rows())));
        notes.forEach(n -> b.append("note: ").append(n).append('\n'));
        return b.toString();
    }

    private static double median(List<Phases> rows, java.util.function.ToDoubleFunction<Phases> f) {
        return Stats.percentile(rows.stream().mapToDouble(f).sorted().toArray(), 0.5);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    @Override
    public String toString() {
        return samples.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().keySet())
                .collect(Collectors.joining(", ", "Calibration[", "]"));
    }
}
