package faastestbed.sim.engine;

import faastestbed.client.run.WorkloadPlan;
import faastestbed.client.workload.FunctionPick;
import faastestbed.client.workload.PoissonArrivals;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.policy.keepalive.Demand;
import faastestbed.policy.keepalive.policies.FixedTtlKeepAlive;
import faastestbed.policy.scheduling.SchedulingPolicy;
import faastestbed.policy.scheduling.policies.RoundRobinPolicy;
import faastestbed.sim.calibration.Calibration;
import faastestbed.sim.model.ServiceTime;
import org.apache.commons.rng.simple.RandomSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Small builders for simulations in tests. */
final class Sims {
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private Sims() {
    }

    /** One node with ample slots, queue and patience, so that only the pool and the cores shape the waits. */
    static ClusterSpec roomy(int nodes, double cpus, long memoryMb) {
        return new ClusterSpec(nodes, cpus, memoryMb + 128, 128, 1_000_000, 10_000_000, true, Duration.ofDays(365));
    }

    static FunctionModel function(String name, ServiceTime service, int memoryMb, int concurrency, int minIdle,
                                  int maxContainers, long seed) {
        return new FunctionModel(0, name + "-image", new Demand(name, memoryMb, concurrency, minIdle, maxContainers),
                Calibration.empty(), service, RandomSource.L64_X128_MIX.create(seed));
    }

    static Simulation.Cell dynamic(SchedulingPolicy policy) {
        return new Simulation.Cell(policy, ExecutionMode.DYNAMIC, new FixedTtlKeepAlive(), "fixed-ttl",
                InvocationPath.HANDLER, "test/dynamic+fixed-ttl/handler");
    }

    static Simulation.Cell dynamic() {
        return dynamic(new RoundRobinPolicy());
    }

    static Simulation.Output quiet() {
        return new Simulation.Output(null, null, Duration.ofSeconds(1), EPOCH, "test", null);
    }

    /** Poisson arrivals of one function, with no client-side bound on calls in flight. */
    static WorkloadPlan poisson(String function, double rate, int count, long seed) {
        return new WorkloadPlan.OpenLoop("poisson", PoissonArrivals.generate(rate, count, null, List.of(function),
                FunctionPick.ROUND_ROBIN, seed), Integer.MAX_VALUE);
    }
}
