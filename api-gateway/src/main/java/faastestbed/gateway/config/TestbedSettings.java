package faastestbed.gateway.config;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.gateway.node.Admission;

/**
 * The run-time settings of the testbed, swapped as a whole so an invocation never sees half an update.
 *
 * @param policy        scheduling policy name
 * @param mode          execution mode
 * @param preparedNodes how many nodes (first by name) are made pre-warmed/warmed; 0 means all
 * @param runId         tag written to every CSV row of this session
 * @param cell          experiment cell tag written to every CSV row; empty outside experiment matrices
 * @param nodeLimits    every node's bound on concurrent invocations and the length of its queue
 * @param path          handler: through the resident handler where the function declares one (else exec);
 *                      exec: always {@code docker run} / {@code docker exec} of the command (seed 003's semantics)
 * @param keepAlive     keep-alive policy of the dynamic mode, as a specification ({@code lru}, {@code fixed-ttl:30s})
 */
public record TestbedSettings(String policy, ExecutionMode mode, int preparedNodes, String runId, String cell,
                              InvocationPath path, Admission.Limits nodeLimits, String keepAlive) {
}
