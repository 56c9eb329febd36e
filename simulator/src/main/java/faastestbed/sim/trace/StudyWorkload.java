package faastestbed.sim.trace;

import faastestbed.client.workload.AzureTrace;
import faastestbed.client.workload.TraceFunction;
import faastestbed.client.workload.TraceReplay;
import faastestbed.common.model.StartType;
import faastestbed.sim.calibration.Calibration;
import faastestbed.sim.model.Phases;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two files that let the simulator replay a generated day with one registered function per trace row:
 * <ul>
 *   <li>a workload config (workload.properties keys): functions {@code f0001..fNNNN}, each with an image of its own
 *       (so a node pulls it once), fib-native's command and handler, and the memory the generator drew for it. Names
 *       follow the client's mapping ({@link TraceReplay#mapping}: busiest trace function first), so f0001 replays
 *       the busiest row and each row gets the memory drawn for it;</li>
 *   <li>a calibration in the simulator's format: fib-native's measured rows (overhead, pull, init; its run times too,
 *       which {@code --service} replaces) for every function, so a cold start costs what it costs on the local
 *       cluster. No contention line: nodes share their cores by plain processor sharing.</li>
 * </ul>
 */
public final class StudyWorkload {
    /** The calibrated function whose phases every study function takes. */
    static final String SOURCE_FUNCTION = "fib-native";
    private static final String BUILT_IN_CALIBRATION = "/faastestbed/sim/default-calibration.csv";

    private StudyWorkload() {
    }

    /** Registered name of the n-th function (1-based), zero-padded to at least four digits. */
    static String name(int n, int count) {
        int width = Math.max(4, Integer.toString(count).length());
        return String.format(Locale.ROOT, "f%0" + width + "d", n);
    }

    /** Registered names in the order a config lists them. */
    static List<String> names(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(name(i, count));
        }
        return names;
    }

    /** The generated function each registered name replays, by the client's own mapping. */
    static Map<String, TraceGenerator.Function> byName(TraceGenerator.Day day) {
        AzureTrace trace = day.toAzureTrace("generated");
        Map<TraceFunction, String> mapping = TraceReplay.mapping(trace, names(day.functions().size()));
        Map<String, TraceGenerator.Function> out = new HashMap<>();
        for (int i = 0; i < trace.functions().size(); i++) {
            out.put(mapping.get(trace.functions().get(i)), day.functions().get(i));
        }
        return out;
    }

    /**
     * @param traceFile the trace's path as the config should name it (relative to where the simulator runs)
     */
    public static void writeProperties(TraceGenerator.Day day, String traceFile, Path file) throws IOException {
        List<String> names = names(day.functions().size());
        Map<String, TraceGenerator.Function> of = byName(day);
        createParent(file);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.format(Locale.ROOT, """
                    # Workload config of the simulated keep-alive study (scripts/study-sim.sh), GENERATED with
                    #   java -cp simulator/target/simulator.jar faastestbed.sim.trace.TraceGenerator %s %d %d %d --properties ...
                    # One function per row of the synthetic trace %s (%,d invocations in the day), named by the
                    # client's mapping: f%s replays the busiest row, the last name the quietest. Each has an image of its
                    # own and fib-native's command and handler (the simulator runs none of them: its phases come from
                    # the calibration, its run time from --service); memory drawn from 64/128/256/512 MB (25/35/30/10 %%).
                    # Run it with ./simulate.sh --config <this file> --calibration workloads/study-calibration.csv ...

                    functions=%s
                    policies=round-robin,hash-affinity,least-used
                    modes=dynamic
                    keep-alives=none,fixed-ttl:1m,fixed-ttl:10m,lru,greedy-dual,hybrid-histogram
                    workload=trace
                    trace.file=%s
                    trace.time-compression=1
                    trace.minutes=
                    # A trace replay is an open loop: the client never holds calls back.
                    open.max-in-flight=1000000
                    seed=%d

                    """, traceFile, day.functionCount(), day.total(), day.seed(), traceFile, day.total(),
                    names.get(0).substring(1), String.join(",", names), traceFile, day.seed()));
            for (String name : names) {
                TraceGenerator.Function f = of.get(name);
                w.write(String.format(Locale.ROOT, """
                        # %s: %s%s, %,d calls/day%s
                        function.%s.image=registry:5000/study-%s:latest
                        function.%s.command=/fib 42
                        function.%s.handler=/watchdog /fib --stdin 42
                        function.%s.memory=%d
                        """, name, f.trigger(), f.periodMinutes() > 0 ? " every " + f.periodMinutes() + " min" : "",
                        f.total(), f.bursty() ? ", bursty" : "", name, name, name, name, name, f.memoryMb()));
            }
        }
    }

    /** fib-native's rows of the built-in calibration, copied for every function of the day. */
    public static void writeCalibration(TraceGenerator.Day day, Path file) throws IOException {
        Calibration builtIn;
        try (InputStream in = StudyWorkload.class.getResourceAsStream(BUILT_IN_CALIBRATION)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN_CALIBRATION + " is missing from the class path");
            }
            builtIn = Calibration.read(new InputStreamReader(in, StandardCharsets.UTF_8), "built-in calibration");
        }
        Map<StartType, List<Phases>> rows = builtIn.samples().get(SOURCE_FUNCTION);
        if (rows == null || rows.isEmpty()) {
            throw new IllegalStateException("the built-in calibration has no rows of " + SOURCE_FUNCTION);
        }
        createParent(file);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# Phases per function and start type (ms) for the simulated keep-alive study, GENERATED by\n"
                    + "# faastestbed.sim.trace.TraceGenerator --calibration: every function has the " + SOURCE_FUNCTION
                    + " rows of\n# simulator/src/main/resources/faastestbed/sim/default-calibration.csv (a default session on"
                    + " the local\n# cluster), so a cold start costs its pull and init there. Run times are replaced by"
                    + " --service.\n# No contention line: calls sharing a node's cores share them evenly (processor"
                    + " sharing).\n");
            w.write("Function,Start Type,Overhead (ms),Pull (ms),Init (ms),Run (ms)\n");
            StringBuilder b = new StringBuilder();
            for (String name : names(day.functions().size())) {
                rows.forEach((type, list) -> list.forEach(p -> b.append(String.format(Locale.ROOT,
                        "%s,%s,%.1f,%.1f,%.1f,%.1f\n", name, type.id(), p.overheadMs(), p.pullMs(), p.initMs(), p.runMs()))));
                w.write(b.toString());
                b.setLength(0);
            }
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
