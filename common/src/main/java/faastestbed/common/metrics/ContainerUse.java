package faastestbed.common.metrics;

import faastestbed.common.model.StartType;

import java.util.Objects;

/**
 * The container side of one invocation: how its container started, what it waited for it, which one it was.
 *
 * @param startType  cold, image-cached, warm or prewarmed; null when unknown (rejected before a container, old files)
 * @param keepAlive  the keep-alive policy of a dynamic cell; "" for the static modes
 * @param waitMs     waiting for a container of the pool (memory to free up, a container's concurrency slot, the
 *                   function's container limit); -1 when not in the dynamic mode
 * @param container  short id or name of the container; "" when none
 * @param memoryMb   the container's memory limit; -1 when it has none
 */
public record ContainerUse(StartType startType, String keepAlive, long waitMs, String container, int memoryMb) {
    public static final ContainerUse NONE = new ContainerUse(null, "", -1, "", -1);

    public ContainerUse {
        keepAlive = Objects.requireNonNullElse(keepAlive, "");
        container = Objects.requireNonNullElse(container, "");
    }

    public static ContainerUse of(StartType startType) {
        return new ContainerUse(startType, "", -1, "", -1);
    }
}
