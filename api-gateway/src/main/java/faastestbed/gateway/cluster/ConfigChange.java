package faastestbed.gateway.cluster;

/** A change of the settings; a null field keeps its current value. */
public record ConfigChange(String policy, String mode, Integer preparedNodes, String runId, String cell, String path,
                           Integer maxConcurrentPerNode, Integer queuePerNode, String keepAlive) {
}
