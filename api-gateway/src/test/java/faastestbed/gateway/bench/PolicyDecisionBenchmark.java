package faastestbed.gateway.bench;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.FunctionState;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;
import faastestbed.policy.scheduling.policies.LeastUsedPolicy;
import faastestbed.policy.scheduling.policies.MostUsedPolicy;
import faastestbed.policy.scheduling.policies.RoundRobinPolicy;
import faastestbed.policy.scheduling.policies.WarmedFirstPolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Decision cost of each built-in policy on a synthetic cluster of 1 000 nodes (target for least-used: <= 50 us).
 * Prints numbers; asserts nothing about time. Run: scripts/benchmark.sh (or mvn test -Dgroups=benchmark).
 */
@Tag("benchmark")
class PolicyDecisionBenchmark {

    @Test
    void decisionTimeAtOneThousandNodes() {
        ClusterSnapshot snapshot = syntheticCluster(1000, 42);
        List<SchedulingPolicy> policies = List.of(new RoundRobinPolicy(), LeastUsedPolicy.withDefaults(),
                MostUsedPolicy.withDefaults(), new WarmedFirstPolicy(LeastUsedPolicy.withDefaults()));
        System.out.printf("%n== policy decision time, 1000 nodes (snapshot built once; per select() call)%n");
        System.out.printf("%-14s %10s %10s %10s%n", "policy", "p50 (us)", "p95 (us)", "mean (us)");
        for (SchedulingPolicy p : policies) {
            for (int i = 0; i < 20_000; i++) {  // JIT warm-up
                p.select(snapshot);
            }
            int n = 20_000;
            double[] us = new double[n];
            long sink = 0;
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                sink += p.select(snapshot).map(v -> v.name().length()).orElse(0);
                us[i] = (System.nanoTime() - t0) / 1e3;
            }
            Arrays.sort(us);
            System.out.printf(Locale.ROOT, "%-14s %10.2f %10.2f %10.2f%s%n", p.name(), us[n / 2], us[(int) (n * 0.95)],
                    Arrays.stream(us).average().orElse(0), sink == 42 ? " " : "");
        }
        // The gateway also builds the snapshot per decision: measure that with the policy.
        int n = 5_000;
        double[] us = new double[n];
        LeastUsedPolicy least = LeastUsedPolicy.withDefaults();
        List<NodeView> views = snapshot.nodes();
        for (int i = 0; i < n + 2_000; i++) {
            long t0 = System.nanoTime();
            least.select(new ClusterSnapshot("f", views));
            if (i >= 2_000) {
                us[i - 2_000] = (System.nanoTime() - t0) / 1e3;
            }
        }
        Arrays.sort(us);
        System.out.printf(Locale.ROOT, "%-14s %10.2f %10.2f   (least-used incl. building the sorted snapshot)%n",
                "least-used+", us[n / 2], us[(int) (n * 0.95)]);
    }

    static ClusterSnapshot syntheticCluster(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<NodeView> nodes = new ArrayList<>(size);
        FunctionState[] states = FunctionState.values();
        for (int i = 0; i < size; i++) {
            nodes.add(new NodeView(String.format("node%04d", i), rnd.nextDouble(100), rnd.nextDouble(100),
                    rnd.nextInt(8), rnd.nextInt(50) != 0, states[rnd.nextInt(states.length)]));
        }
        return new ClusterSnapshot("f", nodes);
    }
}
