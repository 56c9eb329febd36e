package faastestbed.common.metrics;

/**
 * Where the time of one invocation went, in milliseconds; -1 when a phase did not happen.
 *
 * @param schedulingMs policy decision, including waiting for a node slot
 * @param sshMs        getting the pooled connection and opening the SSH session(s)
 * @param pullMs       {@code docker pull} on the node (cold mode only)
 * @param runMs        {@code docker run --rm} or {@code docker exec}, as seen from the gateway
 */
public record Timings(long schedulingMs, long sshMs, long pullMs, long runMs) {
    public static final Timings NONE = new Timings(-1, -1, -1, -1);
}
