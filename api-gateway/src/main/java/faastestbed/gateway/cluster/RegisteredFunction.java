package faastestbed.gateway.cluster;

import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.invocation.NodePreparer;

import java.util.List;

/** @param preparation what preparing the nodes for it did, node by node */
public record RegisteredFunction(FunctionSpec spec, List<NodePreparer.Step> preparation) {
}
