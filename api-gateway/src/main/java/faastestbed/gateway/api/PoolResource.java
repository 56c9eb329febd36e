package faastestbed.gateway.api;

import faastestbed.gateway.pool.PoolService;
import faastestbed.policy.keepalive.ContainerView;
import faastestbed.policy.keepalive.PoolView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.util.List;

/** The dynamic mode's container pools as the gateway holds them now, per node. */
@Path("/pool")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {
    @Inject
    PoolService pools;

    public record Container(String id, String function, int memoryMb, int concurrency, int inFlight, boolean ready,
                            boolean prewarmed, long uses, double idleSeconds, long startCostMs) {
    }

    public record NodePool(String node, long capacityMb, long freeMb, long idleMb, int waiting, List<Container> containers) {
    }

    @GET
    public List<NodePool> pools() {
        return pools.views().stream().map(v -> new NodePool(v.node(), v.capacityMb(), v.freeMb(), v.idleMb(),
                pools.waiting(v.node()), v.containers().stream().map(c -> container(c, v)).toList())).toList();
    }

    private static Container container(ContainerView c, PoolView v) {
        Duration idle = c.idleFor(v.now());
        return new Container(c.id(), c.function(), c.memoryMb(), c.concurrency(), c.inFlight(), c.ready(), c.prewarmed(),
                c.uses(), idle.toMillis() / 1000.0, c.startCostMs());
    }
}
