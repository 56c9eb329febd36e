package faastestbed.gateway.cluster;

/**
 * A node to register, as given: {@link ClusterService} checks every field.
 *
 * @param port     null: 22
 * @param memoryMb memory the node offers to function containers; null: not declared
 */
public record NodeRegistration(String name, String host, Integer port, String username, String password,
                               String privateKey, String hostKeyFingerprint, Integer memoryMb) {
    /** Secrets stay out of logs. */
    @Override
    public String toString() {
        return "NodeRegistration[name=" + name + ", host=" + host + ", port=" + port + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", privateKey=" + (privateKey == null ? "none" : "***") + "]";
    }
}
