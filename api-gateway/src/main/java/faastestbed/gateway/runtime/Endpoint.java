package faastestbed.gateway.runtime;

/**
 * Where a container's resident handler listens, as its node sees it.
 *
 * @param container the container's id or name on the node
 * @param host      the container's address on the node's Docker network
 * @param port      the handler's port inside the container
 */
public record Endpoint(String container, String host, int port) {
    public static final int DEFAULT_PORT = 8080;
}
