package faastestbed.client.config;

/** An execution node as the gateway reaches it over SSH. */
public record NodeSpec(String name, String host, int port) {
}
