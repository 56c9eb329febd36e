package faastestbed.sim.trace;

import faastestbed.client.workload.AzureTrace;
import faastestbed.client.workload.TraceFunction;
import org.apache.commons.rng.SplittableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.DiscreteDistribution;
import org.apache.commons.statistics.distribution.ExponentialDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.GeometricDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.PoissonDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.apache.commons.statistics.distribution.UniformDiscreteDistribution;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A seeded, SYNTHETIC day in the Azure Functions 2019 {@code invocations_per_function_md.anon.dNN.csv} format, shaped
 * after what Shahrad et al., "Serverless in the Wild" (USENIX ATC 2020), report of the real trace. No real trace data
 * goes in; the same arguments give the same file, byte for byte.
 *
 * <ul>
 *   <li><b>Apps and owners.</b> Functions are grouped into apps of 1 (54 %), 2 (16 %), 3 (10 %), 4-5 (8 %), 6-10
 *       (7 %) or 11-20 (5 %) functions (the paper's Fig. 1), apps into owners of 1 + Geometric(0.6) apps. The
 *       functions of an app share their users, hence their diurnal peak and amplitude.</li>
 *   <li><b>Triggers</b> are drawn with the paper's shares of functions ({@link Trigger}).</li>
 *   <li><b>Popularity.</b> A non-timer function's daily count is proportional to a log-normal weight,
 *       {@code exp(ln k + σ Z)} with σ = {@value #POPULARITY_SIGMA} and k its trigger's share of invocations over its
 *       share of functions (event functions are few but busy, timers many but quiet). Weights are scaled so that the
 *       whole day holds exactly {@code total} invocations (every function at least one, none more than
 *       {@value #MAX_FUNCTION_SHARE} of the day; largest remainders). With
 *       400 functions and 1.5 M calls this puts roughly 40 % of the functions at once an hour or less and the top
 *       10 % of functions at over 90 % of the calls; the paper finds 45 % of apps invoked once an hour or less, 81 %
 *       once a minute or less, and 18.6 % of functions carrying 99.6 % of the invocations.</li>
 *   <li><b>Timers</b> fire once every P minutes (P from 1 minute to a day, most often 5-60 minutes) from a random
 *       phase: periodic, with an inter-arrival CV of 0 at minute resolution. If timers would take more than
 *       {@value #TIMER_SHARE_MAX} of the day's calls (the paper: 2 %), the shortest periods are lengthened.</li>
 *   <li><b>Diurnal pattern.</b> A smooth flow follows {@code 1 + A cos(2π (t - peak) / 1 day)} with A ~ U(0.2, 0.9)
 *       and the peak ~ N(14:00, 2.5 h) per app (queue and event traffic half as diurnal), times an hourly Gamma
 *       factor (mean 1, CV 0.35) and a per-minute Gamma factor (mean 1, CV 0.5; 0.7 for queue, event, storage).</li>
 *   <li><b>Bursts.</b> A function is bursty with its trigger's probability (queue 70 %, storage 80 %, HTTP 15 %, ...):
 *       a share φ ~ U(0.5, 0.95) of its calls comes in 1 + Poisson(U(0.5, 10)) bursts, each starting at a time drawn
 *       from its diurnal flow, lasting 1 + Exp(mean 4) minutes, with a LogNormal(0, 0.75) height.</li>
 *   <li><b>Counts.</b> Each of a function's N calls falls in a minute drawn from its minute profile, so its counts are
 *       multinomial: Poisson-like within the profile, and the day's total is exact.</li>
 * </ul>
 * Random numbers: Commons RNG (L64_X128_MIX, split into one stream for the structure, one for memory sizes and one
 * per function, so a function's shape does not depend on the others'), variates from Commons Statistics; only the
 * choice among a few weighted categories and the inverse-CDF pick of a minute are done here.
 *
 * <p>Run: {@code java -cp simulator/target/simulator.jar faastestbed.sim.trace.TraceGenerator OUT.csv [FUNCTIONS
 * [TOTAL [SEED]]] [--properties FILE] [--calibration FILE]}; the last two write a workload config and a calibration for
 * the simulator ({@link StudyWorkload}).
 */
@Command(name = "TraceGenerator", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "faas-testbed trace generator 1.0",
        description = {"Writes a seeded, synthetic day (1440 minutes) in the Azure Functions 2019 trace format, shaped "
                + "after \"Serverless in the Wild\" (ATC'20): skewed popularity, diurnal flow, timers and bursts. "
                + "The same arguments give the same file.", ""})
public final class TraceGenerator implements Callable<Integer> {
    public static final int MINUTES = 1440;
    public static final int DEFAULT_FUNCTIONS = 400;
    public static final long DEFAULT_TOTAL = 1_500_000;
    public static final long DEFAULT_SEED = 2020;

    /** Spread of the log-popularity of non-timer functions. */
    static final double POPULARITY_SIGMA = 3.4;
    /**
     * No function takes more than this share of the day: with a few hundred functions a log-normal draw can give one
     * function most of the calls, which a trace of tens of thousands of functions never does.
     */
    static final double MAX_FUNCTION_SHARE = 0.10;
    /** At most this share of the day's calls goes to timers. */
    static final double TIMER_SHARE_MAX = 0.05;
    /** A day needs at least this many calls per function (every function is invoked at least once). */
    static final int MIN_CALLS_PER_FUNCTION = 10;

    private static final int[] TIMER_PERIODS = {1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440};
    private static final double[] TIMER_WEIGHTS = {0.06, 0.03, 0.15, 0.14, 0.15, 0.14, 0.18, 0.05, 0.05, 0.03, 0.02};
    // App sizes (functions per app): 1, 2, 3, 4-5, 6-10, 11-20.
    private static final int[][] APP_SIZES = {{1, 1}, {2, 2}, {3, 3}, {4, 5}, {6, 10}, {11, 20}};
    private static final double[] APP_SIZE_WEIGHTS = {0.54, 0.16, 0.10, 0.08, 0.07, 0.05};
    /** Container memory of a function, MB: half of the paper's apps allocate at most 170 MB, 90 % at most 400 MB. */
    static final int[] MEMORY_MB = {64, 128, 256, 512};
    private static final double[] MEMORY_WEIGHTS = {0.25, 0.35, 0.30, 0.10};

    /**
     * One generated row.
     *
     * @param periodMinutes a timer's period; 0 for other triggers
     * @param memoryMb      container memory for a workload config ({@link StudyWorkload}); not part of the trace
     * @param counts        invocations in minute 1..1440 (index 0 is minute 1)
     */
    public record Function(int index, String owner, String app, String hash, String trigger, boolean bursty,
                           int periodMinutes, int memoryMb, int[] counts) {
        public Function {
            counts = counts.clone();
        }

        @Override
        public int[] counts() {
            return counts.clone();
        }

        public long total() {
            long s = 0;
            for (int c : counts) {
                s += c;
            }
            return s;
        }

        int count(int minuteIndex) {
            return counts[minuteIndex];
        }
    }

    /** A generated day: its functions in file order. */
    public record Day(int functionCount, long total, long seed, List<Function> functions) {
        public Day {
            functions = List.copyOf(functions);
        }

        /** The day as the client reads it, without a round trip through a file. */
        public AzureTrace toAzureTrace(String source) {
            List<TraceFunction> rows = new ArrayList<>();
            for (Function f : functions) {
                rows.add(new TraceFunction(f.owner(), f.app(), f.hash(), f.trigger(), f.counts, rows.size() + 2));
            }
            return new AzureTrace(source, MINUTES, rows);
        }

        /** A few lines on the shape: rate classes, skew, triggers, the diurnal swing. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            long[] totals = functions.stream().mapToLong(Function::total).sorted().toArray();
            long sum = Arrays.stream(totals).sum();
            int n = totals.length;
            int top = Math.max(1, (int) Math.ceil(n * 0.1));
            long topSum = 0;
            for (int i = n - top; i < n; i++) {
                topSum += totals[i];
            }
            long hourly = Arrays.stream(totals).filter(t -> t <= 24).count();
            long perMinute = Arrays.stream(totals).filter(t -> t <= MINUTES).count();
            b.append(String.format(Locale.ROOT, "%d functions, %,d invocations (seed %d)%n", n, sum, seed));
            b.append(String.format(Locale.ROOT, "  invoked once an hour or less: %d (%.0f %%); once a minute or less: %d"
                    + " (%.0f %%); median %,d/day, busiest %,d/day (%.1f %% of all)%n", hourly, 100.0 * hourly / n,
                    perMinute, 100.0 * perMinute / n, totals[n / 2], totals[n - 1], 100.0 * totals[n - 1] / sum));
            b.append(String.format(Locale.ROOT, "  top 10 %% of functions (%d) hold %.1f %% of the invocations%n", top,
                    100.0 * topSum / sum));
            Map<String, long[]> byTrigger = new java.util.TreeMap<>();
            for (Function f : functions) {
                long[] t = byTrigger.computeIfAbsent(f.trigger(), k -> new long[3]);
                t[0]++;
                t[1] += f.total();
                t[2] += f.bursty() ? 1 : 0;
            }
            b.append("  trigger        functions   share of calls   bursty\n");
            byTrigger.forEach((t, v) -> b.append(String.format(Locale.ROOT, "  %-14s %9d %15.1f %% %8d%n", t, v[0],
                    100.0 * v[1] / sum, v[2])));
            long[] hours = new long[24];
            for (Function f : functions) {
                for (int m = 0; m < MINUTES; m++) {
                    hours[m / 60] += f.count(m);
                }
            }
            int hi = 0;
            int lo = 0;
            for (int h = 1; h < 24; h++) {
                hi = hours[h] > hours[hi] ? h : hi;
                lo = hours[h] < hours[lo] ? h : lo;
            }
            b.append(String.format(Locale.ROOT, "  busiest hour %02d:00 (%,d calls), quietest %02d:00 (%,d calls)%n", hi,
                    hours[hi], lo, hours[lo]));
            return b.toString();
        }
    }

    @Parameters(index = "0", paramLabel = "OUTPUT", description = "the trace file to write (CSV)")
    Path output;
    @Parameters(index = "1", arity = "0..1", paramLabel = "FUNCTIONS", defaultValue = "" + DEFAULT_FUNCTIONS,
            description = "functions (rows) in the trace (default: ${DEFAULT-VALUE})")
    int functions;
    @Parameters(index = "2", arity = "0..1", paramLabel = "TOTAL", defaultValue = "" + DEFAULT_TOTAL,
            description = "invocations in the day, exactly (default: ${DEFAULT-VALUE})")
    long total;
    @Parameters(index = "3", arity = "0..1", paramLabel = "SEED", defaultValue = "" + DEFAULT_SEED,
            description = "seed of every random draw (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--properties", paramLabel = "FILE",
            description = "also write a workload config registering one function per trace row (f0001.., busiest first)")
    Path properties;
    @Option(names = "--calibration", paramLabel = "FILE",
            description = "also write a calibration giving every function fib-native's measured overhead, pull and init")
    Path calibration;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new TraceGenerator());
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            if (ex instanceof IllegalArgumentException) {
                c.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Day day = generate(functions, total, seed);
        writeCsv(day, output);
        System.out.println("trace: " + output);
        System.out.print(day.describe());
        if (properties != null) {
            StudyWorkload.writeProperties(day, output.toString(), properties);
            System.out.println("workload config: " + properties);
        }
        if (calibration != null) {
            StudyWorkload.writeCalibration(day, calibration);
            System.out.println("calibration: " + calibration);
        }
        return 0;
    }

    // ---- generation ----

    /**
     * @throws IllegalArgumentException when there are no functions or fewer than {@value #MIN_CALLS_PER_FUNCTION}
     *                                  invocations per function
     */
    public static Day generate(int functions, long total, long seed) {
        if (functions < 1) {
            throw new IllegalArgumentException("FUNCTIONS must be at least 1, got " + functions);
        }
        if (total < (long) MIN_CALLS_PER_FUNCTION * functions) {
            throw new IllegalArgumentException("TOTAL must be at least " + MIN_CALLS_PER_FUNCTION + " per function ("
                    + (long) MIN_CALLS_PER_FUNCTION * functions + " for " + functions + "), got " + total);
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("TOTAL must be at most " + Integer.MAX_VALUE + ", got " + total);
        }
        SplittableUniformRandomProvider root = (SplittableUniformRandomProvider) RandomSource.L64_X128_MIX.create(seed);
        UniformRandomProvider structure = root.split();
        UniformRandomProvider memory = root.split();

        // Apps and owners; an app's users fix its diurnal peak and amplitude.
        int[] appOf = new int[functions];
        int[] ownerOf = new int[functions];
        List<double[]> appDiurnal = new ArrayList<>();
        DiscreteDistribution.Sampler appsPerOwner = GeometricDistribution.of(0.6).createSampler(structure);
        ContinuousDistribution.Sampler amplitude = UniformContinuousDistribution.of(0.2, 0.9).createSampler(structure);
        ContinuousDistribution.Sampler peak = NormalDistribution.of(14 * 60, 150).createSampler(structure);
        int owner = -1;
        int ownerAppsLeft = 0;
        for (int i = 0; i < functions; ) {
            if (ownerAppsLeft == 0) {
                owner++;
                ownerAppsLeft = 1 + appsPerOwner.sample();
            }
            int[] bucket = APP_SIZES[pick(APP_SIZE_WEIGHTS, structure)];
            int size = bucket[0] == bucket[1] ? bucket[0]
                    : UniformDiscreteDistribution.of(bucket[0], bucket[1]).createSampler(structure).sample();
            int app = appDiurnal.size();
            appDiurnal.add(new double[]{amplitude.sample(), Math.floorMod(Math.round(peak.sample()), MINUTES)});
            for (int k = 0; k < size && i < functions; k++, i++) {
                appOf[i] = app;
                ownerOf[i] = owner;
            }
            ownerAppsLeft--;
        }

        // Triggers, timer periods and popularity weights.
        Trigger[] all = Trigger.values();
        double[] triggerWeights = Arrays.stream(all).mapToDouble(t -> t.functions).toArray();
        Map<Trigger, ContinuousDistribution.Sampler> popularity = new EnumMap<>(Trigger.class);
        for (Trigger t : all) {
            popularity.put(t, LogNormalDistribution.of(t.popularity(), POPULARITY_SIGMA).createSampler(structure));
        }
        Trigger[] trigger = new Trigger[functions];
        int[] period = new int[functions];
        int[] phase = new int[functions];
        double[] weight = new double[functions];
        for (int i = 0; i < functions; i++) {
            trigger[i] = all[pick(triggerWeights, structure)];
            if (trigger[i] == Trigger.TIMER) {
                period[i] = TIMER_PERIODS[pick(TIMER_WEIGHTS, structure)];
                phase[i] = period[i] == 1 ? 0 : UniformDiscreteDistribution.of(0, period[i] - 1).createSampler(structure).sample();
            } else {
                weight[i] = popularity.get(trigger[i]).sample();
            }
        }
        int[] memoryMb = new int[functions];
        for (int i = 0; i < functions; i++) {
            memoryMb[i] = MEMORY_MB[pick(MEMORY_WEIGHTS, memory)];
        }

        // Timers: lengthen the shortest periods while they would take too large a share of the day.
        long timerCalls = timerCalls(period, phase);
        while (timerCalls > TIMER_SHARE_MAX * total) {
            int shortest = -1;
            for (int i = 0; i < functions; i++) {
                if (period[i] > 0 && period[i] < MINUTES && (shortest < 0 || period[i] < period[shortest])) {
                    shortest = i;
                }
            }
            if (shortest < 0) {
                break; // every timer fires once a day; the floor of calls per function leaves room for that
            }
            int p = period[shortest];
            period[shortest] = TIMER_PERIODS[Arrays.binarySearch(TIMER_PERIODS, p) + 1];
            timerCalls = timerCalls(period, phase);
        }

        // Daily counts of the other functions: one each, the rest in proportion to the weights (largest remainders).
        long[] daily = apportion(weight, period, total - timerCalls);

        List<Function> rows = new ArrayList<>(functions);
        for (int i = 0; i < functions; i++) {
            UniformRandomProvider rng = root.split();
            int[] counts;
            boolean bursty = false;
            if (period[i] > 0) {
                counts = new int[MINUTES];
                for (int m = phase[i]; m < MINUTES; m += period[i]) {
                    counts[m] = 1;
                }
            } else {
                bursty = rng.nextDouble() < trigger[i].bursty;
                double[] profile = profile(trigger[i], bursty, appDiurnal.get(appOf[i]), rng);
                counts = place(daily[i], profile, rng);
            }
            rows.add(new Function(i, sha256("study-owner-" + seed + "-" + ownerOf[i]),
                    sha256("study-app-" + seed + "-" + appOf[i]), sha256("study-function-" + seed + "-" + i),
                    trigger[i].id, bursty, period[i], memoryMb[i], counts));
        }
        return new Day(functions, total, seed, rows);
    }

    private static long timerCalls(int[] period, int[] phase) {
        long n = 0;
        for (int i = 0; i < period.length; i++) {
            if (period[i] > 0) {
                n += (MINUTES - phase[i] + period[i] - 1) / period[i];
            }
        }
        return n;
    }

    /**
     * One call for each non-timer function, the rest of {@code calls} by weight (at most {@link #MAX_FUNCTION_SHARE}
     * each), rounded by largest remainders.
     */
    private static long[] apportion(double[] weight, int[] period, long calls) {
        int n = weight.length;
        long[] out = new long[n];
        int flows = 0;
        for (int i = 0; i < n; i++) {
            if (period[i] == 0) {
                flows++;
            }
        }
        if (flows == 0) {
            return out;
        }
        // Shares by weight, none above MAX_FUNCTION_SHARE: capped functions keep the cap, the others share the rest.
        double[] share = new double[n];
        boolean[] capped = new boolean[n];
        double cap = Math.max(MAX_FUNCTION_SHARE, 1.0 / flows);
        for (boolean again = true; again; ) {
            again = false;
            double free = 1;
            double freeWeight = 0;
            for (int i = 0; i < n; i++) {
                if (period[i] == 0) {
                    if (capped[i]) {
                        free -= cap;
                    } else {
                        freeWeight += weight[i];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (period[i] == 0) {
                    share[i] = capped[i] ? cap : free * weight[i] / freeWeight;
                    if (share[i] > cap * (1 + 1e-12) && !capped[i]) {
                        capped[i] = true;
                        again = true;
                    }
                }
            }
        }
        long rest = calls - flows;
        long given = 0;
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            if (period[i] == 0) {
                double exact = rest * share[i];
                out[i] = 1 + (long) Math.floor(exact);
                remainder[i] = exact - Math.floor(exact);
                given += out[i];
            } else {
                remainder[i] = -1;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Double.compare(remainder[b], remainder[a])
                : Integer.compare(a, b));
        for (int k = 0; given < calls; k = (k + 1) % n) {
            if (period[order[k]] == 0) {
                out[order[k]]++;
                given++;
            }
        }
        return out;
    }

    /** Relative intensity of a non-timer function in each minute (not normalised). */
    private static double[] profile(Trigger trigger, boolean bursty, double[] app, UniformRandomProvider rng) {
        boolean background = trigger == Trigger.QUEUE || trigger == Trigger.EVENT || trigger == Trigger.STORAGE;
        double a = app[0] * (background ? 0.5 : 1);
        double peakMinute = app[1];
        ContinuousDistribution.Sampler hourNoise = GammaDistribution.of(8, 1.0 / 8).createSampler(rng);
        double minuteShape = background ? 2 : 4;
        ContinuousDistribution.Sampler minuteNoise = GammaDistribution.of(minuteShape, 1 / minuteShape).createSampler(rng);
        double[] flow = new double[MINUTES];
        double[] hour = new double[24];
        for (int h = 0; h < 24; h++) {
            hour[h] = hourNoise.sample();
        }
        double flowSum = 0;
        for (int m = 0; m < MINUTES; m++) {
            double diurnal = 1 + a * Math.cos(2 * Math.PI * (m - peakMinute) / MINUTES);
            flow[m] = diurnal * hour[m / 60] * minuteNoise.sample();
            flowSum += flow[m];
        }
        if (!bursty) {
            return flow;
        }
        double share = UniformContinuousDistribution.of(0.5, 0.95).createSampler(rng).sample();
        double meanBursts = UniformContinuousDistribution.of(0.5, 10).createSampler(rng).sample();
        int bursts = 1 + PoissonDistribution.of(meanBursts).createSampler(rng).sample();
        ContinuousDistribution.Sampler length = ExponentialDistribution.of(4).createSampler(rng);
        ContinuousDistribution.Sampler height = LogNormalDistribution.of(0, 0.75).createSampler(rng);
        double[] burst = new double[MINUTES];
        double burstSum = 0;
        double[] flowCdf = cumulative(flow);
        for (int b = 0; b < bursts; b++) {
            int start = minute(flowCdf, rng);
            int minutes = 1 + (int) Math.floor(length.sample());
            double h = height.sample();
            for (int m = start; m < Math.min(MINUTES, start + minutes); m++) {
                burst[m] += h;
                burstSum += h;
            }
        }
        double[] out = new double[MINUTES];
        for (int m = 0; m < MINUTES; m++) {
            out[m] = (1 - share) * flow[m] / flowSum + share * burst[m] / burstSum;
        }
        return out;
    }

    /** {@code calls} calls, each in a minute drawn from the profile: the counts are multinomial. */
    private static int[] place(long calls, double[] profile, UniformRandomProvider rng) {
        double[] cdf = cumulative(profile);
        int[] counts = new int[MINUTES];
        for (long k = 0; k < calls; k++) {
            counts[minute(cdf, rng)]++;
        }
        return counts;
    }

    private static double[] cumulative(double[] w) {
        double[] c = new double[w.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i];
            c[i] = s;
        }
        return c;
    }

    /** Inverse CDF: the first index whose cumulative weight exceeds a uniform draw over the total. */
    private static int minute(double[] cdf, UniformRandomProvider rng) {
        double u = rng.nextDouble() * cdf[cdf.length - 1];
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** An index drawn with the given (not necessarily normalised) weights. */
    static int pick(double[] weights, UniformRandomProvider rng) {
        return minute(cumulative(weights), rng);
    }

    // ---- output ----

    public static void writeCsv(Day day, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeCsv(day, w);
        }
    }

    public static void writeCsv(Day day, Writer w) throws IOException {
        StringBuilder line = new StringBuilder(8 * MINUTES);
        line.append("HashOwner,HashApp,HashFunction,Trigger");
        for (int m = 1; m <= MINUTES; m++) {
            line.append(',').append(m);
        }
        w.write(line.append('\n').toString());
        for (Function f : day.functions()) {
            line.setLength(0);
            line.append(f.owner()).append(',').append(f.app()).append(',').append(f.hash()).append(',').append(f.trigger());
            for (int c : f.counts) {
                line.append(',').append(c);
            }
            w.write(line.append('\n').toString());
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
