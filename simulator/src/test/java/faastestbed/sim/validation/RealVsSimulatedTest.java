package faastestbed.sim.validation;

import faastestbed.client.run.Stats;
import faastestbed.client.run.WorkloadPlan;
import faastestbed.client.workload.Schedules;
import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.StartType;
import faastestbed.policy.keepalive.Demand;
import faastestbed.policy.keepalive.policies.FixedTtlKeepAlive;
import faastestbed.policy.scheduling.policies.RoundRobinPolicy;
import faastestbed.sim.calibration.Calibration;
import faastestbed.sim.engine.ClusterSpec;
import faastestbed.sim.engine.FunctionModel;
import faastestbed.sim.engine.Simulation;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator against a real run of the testbed: the default session (round-robin; cold, pre-warmed and warmed;
 * 10 sequential cycles of fib-python and fib-native) and a closed-loop cell (warmed, 8 clients, 20 cycles), both on
 * the local cluster of four 0.5-CPU nodes, recorded in src/test/resources/validation/metrics.csv. The simulation is
 * calibrated from that same file, replays the same workload plans, and is compared per cell × function × start type.
 *
 * <p>The simulated p50 is taken over 20 seeded replications of each cell, so it is the model's p50 and not one draw's.
 * The sequential cells must be within 10 %. The closed-loop cell measures the sharing model; its error is printed and
 * bounded by 40 % (see thesis-notes.md: the fitted sharing efficiency over-predicts slowdowns when three calls share
 * a node, a state the recorded run barely visited).
 */
class RealVsSimulatedTest {
    private static final Path FIXTURE = Path.of("src/test/resources/validation/metrics.csv");
    private static final int REPLICATIONS = 20;
    private static final List<String> FUNCTIONS = List.of("fib-python", "fib-native");

    private static List<MetricsRecord> real;
    private static Calibration calibration;

    @BeforeAll
    static void load() throws Exception {
        real = MetricsCsvReader.read(FIXTURE).records();
        calibration = Calibration.fromRecords(real);
    }

    /** A cell of the recorded run: its rows and the plan that produced them. */
    private record Recorded(String label, List<MetricsRecord> rows, ExecutionMode mode, WorkloadPlan plan) {
    }

    private static List<Recorded> recorded() {
        Map<String, List<MetricsRecord>> byRunAndCell = real.stream().collect(Collectors.groupingBy(
                r -> r.runId() + " " + r.cell(), TreeMap::new, Collectors.toList()));
        List<Recorded> out = new ArrayList<>();
        byRunAndCell.forEach((key, rows) -> {
            ExecutionMode mode = rows.get(0).mode();
            boolean closed = rows.size() == 40;
            WorkloadPlan plan = closed ? new WorkloadPlan.ClosedLoop(Schedules.cycles(FUNCTIONS, 20), 8)
                    : new WorkloadPlan.ClosedLoop(Schedules.cycles(FUNCTIONS, 10), 1);
            out.add(new Recorded((closed ? "closed x8 " : "sequential ") + mode.id(), rows, mode, plan));
        });
        return out;
    }

    private static List<MetricsRecord> simulate(Recorded cell, long seed) {
        List<FunctionModel> models = new ArrayList<>();
        var root = RandomSource.L64_X128_MIX.create(seed);
        for (String f : FUNCTIONS) {
            models.add(new FunctionModel(models.size(), "registry:5000/" + f + ":latest", Demand.defaults(f),
                    calibration, null, ((org.apache.commons.rng.SplittableUniformRandomProvider) root).split()));
        }
        List<MetricsRecord> rows = new ArrayList<>();
        Simulation sim = new Simulation(ClusterSpec.local(4), new Simulation.Cell(new RoundRobinPolicy(), cell.mode(),
                new FixedTtlKeepAlive(), "", InvocationPath.HANDLER, "validation"), models,
                new Simulation.Output(rows::add, null, Duration.ofSeconds(1), Instant.EPOCH, "sim-" + seed, null));
        sim.run(cell.plan());
        return rows;
    }

    @Test
    void p50PerFunctionAndStartTypeMatchesTheRealRun() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-22s %-11s %-13s %9s %9s %8s%n",
                "cell", "function", "start type", "real p50", "sim p50", "error"));
        List<String> failures = new ArrayList<>();
        for (Recorded cell : recorded()) {
            List<MetricsRecord> sim = new ArrayList<>();
            for (long seed = 1; seed <= REPLICATIONS; seed++) {
                sim.addAll(simulate(cell, seed));
            }
            for (String f : FUNCTIONS) {
                StartType type = cell.rows().stream().filter(r -> r.function().equals(f)).findFirst().orElseThrow()
                        .container().startType();
                double realP50 = p50(cell.rows(), f, type);
                double simP50 = p50(sim, f, type);
                double error = (simP50 - realP50) / realP50;
                table.append(String.format(Locale.ROOT, "%-22s %-11s %-13s %8.3fs %8.3fs %+7.1f%%%n", cell.label(), f,
                        type.id(), realP50, simP50, 100 * error));
                double allowed = cell.label().startsWith("closed") ? 0.40 : 0.10;
                if (Math.abs(error) > allowed) {
                    failures.add(cell.label() + " " + f + ": " + String.format(Locale.ROOT, "%+.1f%%", 100 * error));
                }
            }
        }
        System.out.print(table);
        assertTrue(failures.isEmpty(), "outside the allowed error: " + failures + "\n" + table);
    }

    @Test
    void roundRobinSendsEveryCallToTheSameNodeAsInTheRealRun() {
        for (Recorded cell : recorded()) {
            List<MetricsRecord> sim = simulate(cell, 1);
            for (String f : FUNCTIONS) {
                assertEquals(nodesInOrder(cell.rows(), f), nodesInOrder(sim, f), cell.label() + " " + f);
            }
        }
    }

    /** Nodes in the order the calls arrived; simultaneous simulated calls by their call number. */
    private static List<String> nodesInOrder(List<MetricsRecord> rows, String function) {
        return rows.stream().filter(r -> r.function().equals(function))
                .sorted(Comparator.comparing(MetricsRecord::timestamp).thenComparingLong(RealVsSimulatedTest::callNumber))
                .map(MetricsRecord::node).toList();
    }

    private static long callNumber(MetricsRecord r) {
        String id = r.invocationId();
        String tail = id.substring(id.lastIndexOf('-') + 1);
        return tail.chars().allMatch(Character::isDigit) ? Long.parseLong(tail) : 0;
    }

    private static double p50(List<MetricsRecord> rows, String function, StartType type) {
        double[] v = rows.stream().filter(r -> r.ok() && r.function().equals(function)
                        && r.container().startType() == type)
                .mapToDouble(MetricsRecord::executionTimeS).sorted().toArray();
        assertTrue(v.length > 0, "no rows of " + function + " " + type);
        return Stats.percentile(v, 0.5);
    }
}
