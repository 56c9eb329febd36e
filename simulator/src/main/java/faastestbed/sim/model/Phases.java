package faastestbed.sim.model;

/**
 * Where one invocation's time goes, in milliseconds, as the simulator replays it.
 *
 * @param overheadMs the gateway's own share: scheduling, SSH channels, the request to the handler beyond the run
 * @param pullMs     pulling the image (cold starts only)
 * @param initMs     starting a container until its handler is ready (cold and image-cached starts)
 * @param runMs      the function's run, as work when it runs alone on its node; stretched when the node's cores are
 *                   shared
 */
public record Phases(double overheadMs, double pullMs, double initMs, double runMs) {
    public static final Phases ZERO = new Phases(0, 0, 0, 0);

    public Phases {
        if (overheadMs < 0 || pullMs < 0 || initMs < 0 || runMs < 0) {
            throw new IllegalArgumentException("phases cannot be negative: " + overheadMs + ", " + pullMs + ", "
                    + initMs + ", " + runMs);
        }
    }

    public Phases withRun(double ms) {
        return new Phases(overheadMs, pullMs, initMs, ms);
    }

    public Phases withoutPull() {
        return new Phases(overheadMs, 0, initMs, runMs);
    }

    public double totalMs() {
        return overheadMs + pullMs + initMs + runMs;
    }
}
