package faastestbed.gateway.pool;

import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.runtime.Endpoint;

/**
 * Where containers of the pool are really started and removed: the seam between the pool's decisions and a node.
 * Docker over SSH is the one implementation; unit tests use a fake.
 */
public interface ContainerBackend {

    /**
     * A container that is running and, when the function has a handler, answered ready.
     *
     * @param endpoint where its handler listens; null when the function has none (calls go by {@code docker exec})
     * @param pulled   the image had to be pulled first (a cold start)
     * @param pullMs   the pull; -1 when none
     * @param initMs   {@code docker run} until ready
     * @param sshMs    opening SSH sessions for it
     */
    record Started(String container, Endpoint endpoint, boolean pulled, long pullMs, long initMs, long sshMs) {
        public long costMs() {
            return Math.max(0, pullMs) + initMs;
        }
    }

    /** Starting failed; the container, if any, is gone. */
    final class StartFailure extends RuntimeException {
        public StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Starts a container of the function on the node under this name with this memory limit, pulling its image
     * first if the node does not have it, and waits until it is ready.
     */
    Started start(String node, FunctionSpec function, String container, int memoryMb) throws StartFailure;

    /** Removes the container (best effort: a container already gone is fine). */
    void remove(String node, String container);
}
