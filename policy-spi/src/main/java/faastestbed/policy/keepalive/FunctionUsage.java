package faastestbed.policy.keepalive;

import java.time.Instant;

/**
 * What one node's pool has seen of one function since the cell began.
 *
 * @param invocations  calls of the function placed on the node
 * @param lastArrival  when the last of them arrived (null: none yet)
 * @param meanStartMs  mean cost of starting one of its containers here (pull + start until ready); NaN: none started
 */
public record FunctionUsage(String function, int memoryMb, long invocations, Instant lastArrival, double meanStartMs) {
}
