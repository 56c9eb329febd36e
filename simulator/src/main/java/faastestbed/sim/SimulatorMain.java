package faastestbed.sim;

import faastestbed.client.config.BadInputException;
import faastestbed.client.config.ClientConfig;
import faastestbed.client.config.ConfigReader;
import faastestbed.client.config.FunctionSpec;
import faastestbed.client.config.Settings;
import faastestbed.client.run.WorkloadPlan;
import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsCsvWriter;
import faastestbed.common.metrics.MetricsFormatException;
import faastestbed.common.metrics.PoolCsv;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.policy.keepalive.Demand;
import faastestbed.policy.keepalive.KeepAliveCatalog;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import faastestbed.policy.scheduling.PolicyCatalog;
import faastestbed.policy.scheduling.SchedulingPolicy;
import faastestbed.sim.calibration.Calibration;
import faastestbed.sim.engine.CellResult;
import faastestbed.sim.engine.ClusterSpec;
import faastestbed.sim.engine.FunctionModel;
import faastestbed.sim.engine.Simulation;
import faastestbed.sim.model.ServiceTime;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.rng.SplittableUniformRandomProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./simulate.sh}: the command line of the simulator. */
@Command(name = "simulate.sh", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "faas-testbed simulator 1.0",
        description = {
                "Simulates the testbed's gateway, container pool and nodes as a discrete-event simulation, running the "
                        + "very scheduling and keep-alive policy classes the gateway runs, on the client's workloads (same "
                        + "seed, same arrivals). Rows go to <results>/metrics.csv (Source = simulated) and pool.csv, so "
                        + "./generate-plots.sh draws them as it draws real runs. Unset workload options come from "
                        + "workload.properties, as for ./start.sh.", ""},
        footer = {"", "Examples:",
                "  ./simulate.sh --calibrate results/metrics.csv        derive phase times from a real run",
                "  ./simulate.sh --nodes 1000 --node-cpus 4 --node-memory 8192 --mode dynamic --workload poisson \\",
                "                --rate 2000 --count 1000000 --policy hash-affinity --keep-alive fixed-ttl:10m,lru"})
public final class SimulatorMain implements Callable<Integer> {
    static final int BAD_INPUT = 2;

    @Option(names = "--nodes", defaultValue = "4", paramLabel = "N", description = "nodes in the cluster (default: ${DEFAULT-VALUE})")
    int nodes;
    @Option(names = "--node-cpus", defaultValue = "0.5", paramLabel = "C",
            description = "cores per node, shared by the calls running on it (default: ${DEFAULT-VALUE})")
    double nodeCpus;
    @Option(names = "--node-memory", defaultValue = "512", paramLabel = "MB",
            description = "memory per node (default: ${DEFAULT-VALUE})")
    long nodeMemory;
    @Option(names = "--memory-reserve", defaultValue = "128", paramLabel = "MB",
            description = "memory of a node kept from containers, as testbed.node.memory-reserve-mb (default: ${DEFAULT-VALUE})")
    long memoryReserve;
    @Option(names = "--node-slots", defaultValue = "8", paramLabel = "N",
            description = "calls a node runs at once, as testbed.node.max-concurrent (default: ${DEFAULT-VALUE})")
    int nodeSlots;
    @Option(names = "--node-queue", defaultValue = "64", paramLabel = "N",
            description = "calls that may wait for a slot; more are refused (429), as testbed.node.queue (default: ${DEFAULT-VALUE})")
    int nodeQueue;
    @Option(names = "--policy", split = ",", hideParamSyntax = true, paramLabel = "P[,P...]",
            description = "scheduling policies, one cell each (default: workload.properties' policies)")
    List<String> policies;
    @Option(names = "--keep-alive", split = ",", hideParamSyntax = true, paramLabel = "K[,K...]",
            description = "keep-alive policies of the dynamic mode, one cell each, e.g. fixed-ttl:30s,lru (default: fixed-ttl)")
    List<String> keepAlives;
    @Option(names = "--mode", split = ",", hideParamSyntax = true, paramLabel = "M[,M...]",
            description = "cold, pre-warmed, warmed, dynamic (default: workload.properties' modes)")
    List<String> modes;
    @Option(names = "--workload", paramLabel = "W", description = "sequential, closed, poisson or trace")
    String workload;
    @Option(names = "--rate", paramLabel = "PER_S", description = "poisson arrivals per second")
    Double rate;
    @Option(names = "--count", paramLabel = "N", description = "poisson arrivals in all (instead of --duration)")
    Integer count;
    @Option(names = "--duration", paramLabel = "S", description = "poisson seconds of arrivals")
    Double duration;
    @Option(names = "--cycles", paramLabel = "N", description = "passes over the functions (sequential, closed)")
    Integer cycles;
    @Option(names = "--concurrency", paramLabel = "N", description = "closed-loop clients")
    Integer concurrency;
    @Option(names = "--trace", paramLabel = "FILE", description = "Azure-format trace (workload trace)")
    String trace;
    @Option(names = "--trace-minutes", paramLabel = "FROM-TO", description = "minutes of the trace to replay")
    String traceMinutes;
    @Option(names = "--time-compression", paramLabel = "X", description = "trace seconds per simulated second")
    Double timeCompression;
    @Option(names = "--max-in-flight", paramLabel = "N", description = "open loop: calls the client keeps in flight at most; later arrivals wait in the client")
    Integer maxInFlight;
    @Option(names = "--functions", split = ",", hideParamSyntax = true, paramLabel = "F[,F...]", description = "functions of workload.properties to call")
    List<String> functions;
    @Option(names = "--seed", paramLabel = "S", description = "seed of the arrivals and of every sampled time")
    Long seed;
    @Option(names = "--container-concurrency", paramLabel = "K", description = "calls one container serves at once (every function)")
    Integer containerConcurrency;
    @Option(names = "--max-containers", paramLabel = "M", description = "containers per function per node, 0: memory bounds them")
    Integer maxContainers;
    @Option(names = "--min-idle", paramLabel = "N", description = "idle containers kept per function per node")
    Integer minIdle;
    @Option(names = "--memory", paramLabel = "MB", description = "container memory of every function")
    Integer memory;
    @Option(names = "--service", paramLabel = "DIST",
            description = "run time of every function: constant:MS, exponential:MS or lognormal:MEDIAN_MS:SIGMA")
    String service;
    @Option(names = "--calibrate", paramLabel = "METRICS_CSV",
            description = "derive phase times per function x start type from a real run, write <results>/calibration.csv, and stop")
    Path calibrate;
    @Option(names = "--calibration", paramLabel = "FILE",
            description = "phase times to use (default: <results>/calibration.csv if present, else the built-in one from a default session)")
    Path calibration;
    @Option(names = "--start-images", defaultValue = "absent", paramLabel = "absent|cached",
            description = "images on the nodes when a dynamic cell starts (default: ${DEFAULT-VALUE})")
    String startImages;
    @Option(names = "--timeout", defaultValue = "300s", paramLabel = "D",
            description = "longest wait for a slot or a container before a call is refused (default: ${DEFAULT-VALUE})")
    String timeout;
    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR", description = "where metrics.csv and pool.csv go (default: ${DEFAULT-VALUE})")
    Path results;
    @Option(names = "--pool-interval", paramLabel = "D", description = "pool.csv sampling interval (default: 1s, coarser when it would exceed 500 000 rows)")
    String poolInterval;
    @Option(names = "--no-rows", description = "write no metrics.csv rows or pool.csv samples, only the summary")
    boolean noRows;
    @Option(names = "--no-progress", description = "no progress line")
    boolean noProgress;
    @Option(names = "--config", paramLabel = "FILE", description = "workload settings file (default: ./workload.properties)")
    String config;
    @Option(names = "--run-id", paramLabel = "ID", description = "run id of the rows (default: sim-<date>-<time>)")
    String runId;

    private final PrintStream out;
    private final PrintStream err;
    private final Path workingDir;

    SimulatorMain(PrintStream out, PrintStream err, Path workingDir) {
        this.out = out;
        this.err = err;
        this.workingDir = workingDir;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Path.of("")));
    }

    /** Parses and runs; the exit code: 0 done, 2 bad input, 1 failure. */
    public static int run(String[] args, PrintStream out, PrintStream err, Path workingDir) {
        CommandLine cl = new CommandLine(new SimulatorMain(out, err, workingDir));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            err.println("see ./simulate.sh --help");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            if (ex instanceof BadInputException || ex instanceof IllegalArgumentException) {
                err.println("error: " + ex.getMessage());
                return BAD_INPUT;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (calibrate != null) {
            return calibrate();
        }
        Settings s = settings();
        ClientConfig cfg = ConfigReader.resolve(s, workingDir, true, false, Instant.now());
        WorkloadPlan plan = WorkloadPlan.build(cfg.workload(), cfg.functions());
        ClusterSpec cluster = new ClusterSpec(nodes, nodeCpus, nodeMemory, memoryReserve, nodeSlots, nodeQueue,
                switch (startImages) {
                    case "cached" -> true;
                    case "absent" -> false;
                    default -> throw new IllegalArgumentException("--start-images must be absent or cached, got '" + startImages + "'");
                }, KeepAlivePolicy.parseDuration(timeout));
        Calibration cal = loadCalibration();
        ServiceTime svc = service == null ? null : ServiceTime.parse(service);
        List<String> ka = keepAlives == null || keepAlives.isEmpty() ? List.of("fixed-ttl") : keepAlives;
        KeepAliveCatalog kaCatalog = new KeepAliveCatalog(KeepAliveCatalog.builtIns());
        ka.forEach(kaCatalog::create);
        PolicyCatalog policyCatalog = Policies.catalog();
        for (String p : cfg.policies()) {
            policyCatalog.find(p).orElseThrow(() -> new IllegalArgumentException("unknown policy '" + p + "'; known: "
                    + String.join(", ", policyCatalog.names())));
        }
        String run = runId != null ? runId
                : "sim-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Duration every = poolInterval != null ? KeepAlivePolicy.parseDuration(poolInterval)
                : autoPoolInterval(plan, cfg.functions().size());
        InvocationPath path = cfg.paths().isEmpty() ? InvocationPath.HANDLER : cfg.paths().get(0);

        out.printf(Locale.ROOT, "simulating %d node(s) of %s CPU / %d MB (%d MB for containers); workload: %s%n",
                cluster.nodes(), fmt(cluster.cpus()), cluster.memoryMb(), cluster.capacityMb(), plan.describe());
        Path dir = workingDir.resolve(results);
        MetricsCsvWriter rows = noRows ? null : MetricsCsvWriter.buffered(dir.resolve("metrics.csv"));
        PoolCsv.Writer pool = noRows ? null : new PoolCsv.Writer(dir.resolve(PoolCsv.FILE_NAME), false);
        List<CellResult> done = new ArrayList<>();
        try {
            Instant epoch = Instant.now();
            for (String policyName : cfg.policies()) {
                for (ExecutionMode mode : cfg.modes()) {
                    for (String k : mode == ExecutionMode.DYNAMIC ? ka : List.of("")) {
                        SchedulingPolicy policy = Policies.catalog().find(policyName).orElseThrow();
                        KeepAlivePolicy keep = kaCatalog.create(k.isEmpty() ? "fixed-ttl" : k);
                        String tag = policyName + "/" + mode.id() + (k.isEmpty() ? "" : "+" + k) + "/" + path.id();
                        Simulation.Cell cell = new Simulation.Cell(policy, mode, keep, k, path, tag);
                        List<FunctionModel> models = models(cfg, cal, svc, called(plan));
                        Progress progress = noProgress ? null : new Progress(err, tag);
                        Simulation sim = new Simulation(cluster, cell, models, new Simulation.Output(
                                rows == null ? null : rows::append, pool == null ? null : pool::append, every, epoch,
                                run, progress == null ? null : progress::update));
                        CellResult r = sim.run(plan);
                        if (progress != null) {
                            progress.finish();
                        }
                        done.add(r);
                        out.println(Report.line(r));
                    }
                }
            }
        } finally {
            if (rows != null) {
                rows.close();
            }
            if (pool != null) {
                pool.close();
            }
        }
        out.print(Report.table(done));
        if (!noRows) {
            out.println("rows: " + results.resolve("metrics.csv") + " (run id " + run + "); pool samples every "
                    + every.toMillis() / 1000.0 + " s: " + results.resolve(PoolCsv.FILE_NAME));
        }
        return 0;
    }

    private int calibrate() throws IOException, MetricsFormatException {
        Path from = workingDir.resolve(calibrate);
        if (!Files.isRegularFile(from)) {
            throw new IllegalArgumentException("--calibrate: no such file: " + calibrate);
        }
        MetricsCsvReader.Result read = MetricsCsvReader.read(from);
        Calibration c = Calibration.fromRecords(read.records());
        if (c.samples().isEmpty()) {
            throw new IllegalArgumentException(calibrate + " has no successful real invocations with a start type to"
                    + " calibrate from");
        }
        Path to = workingDir.resolve(results).resolve(Calibration.FILE_NAME);
        c.write(to);
        out.print(c.describe());
        out.println("calibration written to " + to + "; later simulations with --results " + results + " use it");
        return 0;
    }

    private Calibration loadCalibration() throws IOException {
        if (calibration != null) {
            Path p = workingDir.resolve(calibration);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("--calibration: no such file: " + calibration);
            }
            out.println("calibration: " + calibration);
            return Calibration.read(p);
        }
        Path own = workingDir.resolve(results).resolve(Calibration.FILE_NAME);
        if (Files.isRegularFile(own)) {
            out.println("calibration: " + results.resolve(Calibration.FILE_NAME));
            return Calibration.read(own);
        }
        try (var in = SimulatorMain.class.getResourceAsStream("/faastestbed/sim/default-calibration.csv")) {
            if (in == null) {
                return Calibration.empty();
            }
            out.println("calibration: the built-in one (a default session on the local cluster)");
            return Calibration.read(new InputStreamReader(in, StandardCharsets.UTF_8), "built-in calibration");
        }
    }

    private Settings settings() throws BadInputException {
        Settings s = ConfigReader.load(workingDir, config);
        s = set(s, "workload", workload, "--workload");
        s = set(s, "poisson.rate", rate, "--rate");
        if (count != null) {
            s = set(s, "poisson.count", count, "--count");
        }
        if (duration != null) {
            s = set(s, "poisson.duration", duration, "--duration").with("poisson.count", "", "--duration");
        }
        s = set(s, "cycles", cycles, "--cycles");
        s = set(s, "concurrency", concurrency, "--concurrency");
        s = set(s, "trace.file", trace, "--trace");
        s = set(s, "trace.minutes", traceMinutes, "--trace-minutes");
        s = set(s, "trace.time-compression", timeCompression, "--time-compression");
        s = set(s, "seed", seed, "--seed");
        s = set(s, "open.max-in-flight", maxInFlight, "--max-in-flight");
        s = set(s, "policies", policies == null ? null : String.join(",", policies), "--policy");
        s = set(s, "modes", modes == null ? null : String.join(",", modes), "--mode");
        s = set(s, "keep-alives", keepAlives == null ? null : String.join(",", keepAlives), "--keep-alive");
        s = set(s, "functions", functions == null ? null : String.join(",", functions), "--functions");
        s = set(s, "paths", "handler", "--path");
        return s;
    }

    private static Settings set(Settings s, String key, Object value, String flag) {
        return value == null ? s : s.with(key, value.toString(), flag);
    }

    /** The functions the plan calls: a registered function it never calls needs no calibration. */
    private static java.util.Set<String> called(WorkloadPlan plan) {
        java.util.Set<String> names = new java.util.HashSet<>();
        if (plan instanceof WorkloadPlan.OpenLoop open) {
            open.arrivals().forEach(a -> names.add(a.function()));
        } else if (plan instanceof WorkloadPlan.ClosedLoop closed) {
            names.addAll(closed.order());
        }
        return names;
    }

    private List<FunctionModel> models(ClientConfig cfg, Calibration cal, ServiceTime svc, java.util.Set<String> called) {
        SplittableUniformRandomProvider root = (SplittableUniformRandomProvider) RandomSource.L64_X128_MIX
                .create(cfg.workload().seed());
        List<FunctionModel> models = new ArrayList<>();
        for (String name : cfg.functions()) {
            FunctionSpec spec = cfg.functionSpecs().get(name);
            FunctionSpec.Pool pool = spec == null ? FunctionSpec.Pool.GATEWAY_DEFAULTS : spec.pool();
            Demand d = new Demand(name,
                    memory != null ? memory : orElse(pool.memoryMb(), Demand.DEFAULT_MEMORY_MB),
                    containerConcurrency != null ? containerConcurrency : orElse(pool.concurrency(), 1),
                    minIdle != null ? minIdle : orElse(pool.minIdle(), 0),
                    maxContainers != null ? maxContainers : orElse(pool.maxContainers(), 0));
            // Registered but never called (it still takes its place in a trace's mapping): any time will do.
            ServiceTime own = svc == null && !called.contains(name) && !cal.knows(name) ? new ServiceTime.Constant(1) : svc;
            models.add(new FunctionModel(models.size(), spec == null ? name : spec.image(), d, cal, own, root.split()));
        }
        return models;
    }

    private static int orElse(Integer v, int fallback) {
        return v == null ? fallback : v;
    }

    /** One sample a second, unless that would pass 500 000 rows: then as coarse as needed (whole seconds). */
    private Duration autoPoolInterval(WorkloadPlan plan, int functionCount) {
        double spanS = plan instanceof WorkloadPlan.OpenLoop o ? o.spanNanos() / 1e9 : plan.size();
        double rowsPerSecond = (double) nodes * functionCount;
        long seconds = Math.max(1, (long) Math.ceil(spanS * rowsPerSecond / 500_000));
        return Duration.ofSeconds(seconds);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The progress line on stderr, at most once a second. */
    static final class Progress {
        private final PrintStream err;
        private final String tag;
        private long lastPrint;
        private boolean printed;

        Progress(PrintStream err, String tag) {
            this.err = err;
            this.tag = tag;
        }

        void update(long done, long total, long simNanos, long events) {
            long now = System.nanoTime();
            if (now - lastPrint < 1_000_000_000L) {
                return;
            }
            lastPrint = now;
            printed = true;
            err.printf(Locale.ROOT, "\r%s: %3d%% %d/%d calls, simulated %s, %d events", tag, done * 100 / Math.max(1, total),
                    done, total, Report.clock(simNanos), events);
        }

        void finish() {
            if (printed) {
                err.println();
            }
        }
    }
}
