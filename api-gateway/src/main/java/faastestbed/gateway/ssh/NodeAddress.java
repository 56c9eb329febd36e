package faastestbed.gateway.ssh;

/** Where and as whom the gateway logs in to a node. */
public record NodeAddress(String host, int port, String username) {
    @Override
    public String toString() {
        return username + "@" + host + ":" + port;
    }
}
