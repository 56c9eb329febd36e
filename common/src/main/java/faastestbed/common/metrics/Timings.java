package faastestbed.common.metrics;

/**
 * Where the time of one invocation went, in milliseconds; -1 when a phase did not happen.
 *
 * @param schedulingMs policy decision, including waiting for a node slot
 * @param sshMs        getting the pooled connection and opening the SSH session(s)
 * @param pullMs       {@code docker pull} on the node (cold mode only)
 * @param runMs        {@code docker run --rm} or {@code docker exec}, or the request to the resident handler, as seen
 *                     from the gateway
 * @param initMs       a handler container's start until its handler answered ready (OpenWhisk's initTime); -1 when
 *                     the invocation used a container that was already running, or the exec path
 * @param queueMs      waiting in the node's queue for a slot (its bound on concurrent invocations); -1 when unknown
 */
public record Timings(long schedulingMs, long sshMs, long pullMs, long runMs, long initMs, long queueMs) {
    public static final Timings NONE = new Timings(-1, -1, -1, -1, -1, -1);

    /** A breakdown without a container start to wait for. */
    public Timings(long schedulingMs, long sshMs, long pullMs, long runMs) {
        this(schedulingMs, sshMs, pullMs, runMs, -1, -1);
    }
}
