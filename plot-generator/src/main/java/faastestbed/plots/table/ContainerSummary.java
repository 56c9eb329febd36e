package faastestbed.plots.table;

import faastestbed.plots.data.CellKey;
import faastestbed.plots.data.Group;
import faastestbed.plots.data.PoolCells;
import faastestbed.plots.stats.StartMix;

import java.util.OptionalDouble;

/**
 * The container side of one metrics-table group.
 *
 * @param dynamic whether the group ran in the dynamic mode, the only one with a pool and so with idle memory
 * @param idleGbS idle memory of the function's containers in the group's cells, GB·s; empty when static or unsampled
 */
public record ContainerSummary(String function, String label, boolean dynamic, StartMix mix, OptionalDouble idleGbS) {

    public static ContainerSummary of(Group g, PoolCells pool) {
        return new ContainerSummary(g.function(), g.label(), g.dynamic(), StartMix.of(g.rows()),
                pool.idleGbSeconds(CellKey.dynamicCells(g.rows()), g.function()));
    }
}
