package faastestbed.gateway.cluster;

import faastestbed.gateway.config.TestbedSettings;
import faastestbed.gateway.invocation.NodePreparer;

import java.util.List;

/**
 * The current settings with the choices there are.
 *
 * @param preparation what the change that led here did to the nodes; empty when it did nothing to them
 */
public record ClusterConfig(TestbedSettings settings, List<String> policies, List<String> keepAlives,
                            List<NodePreparer.Step> preparation) {
}
