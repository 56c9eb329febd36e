package faastestbed.gateway.pool;

import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.runtime.Endpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A node that starts and removes containers in memory: the seam {@link ContainerPools} owns, faked. */
final class FakeBackend implements ContainerBackend {
    final List<String> started = Collections.synchronizedList(new ArrayList<>());
    final List<String> removed = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> images = Collections.synchronizedSet(new HashSet<>());
    volatile RuntimeException failNext;

    @Override
    public Started start(String node, FunctionSpec f, String container, int memoryMb) {
        RuntimeException fail = failNext;
        if (fail != null) {
            failNext = null;
            throw fail;
        }
        boolean pulled = images.add(node + "/" + f.image());
        started.add(container);
        return new Started(container, new Endpoint(container, "10.0.0.1", 8080), pulled, pulled ? 2000 : -1, 600, 3);
    }

    @Override
    public void remove(String node, String container) {
        removed.add(container);
    }
}
