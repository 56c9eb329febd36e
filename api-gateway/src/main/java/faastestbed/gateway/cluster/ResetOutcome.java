package faastestbed.gateway.cluster;

import faastestbed.common.model.ExecutionMode;
import faastestbed.gateway.invocation.NodePreparer;

import java.util.List;

public record ResetOutcome(ExecutionMode mode, int preparedNodes, long durationMs, boolean ok,
                           List<NodePreparer.Step> steps) {
}
