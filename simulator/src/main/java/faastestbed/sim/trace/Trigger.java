package faastestbed.sim.trace;

/**
 * Trigger classes of the Azure Functions 2019 trace, with the share of functions each has and the share of
 * invocations they carry, after Shahrad et al., "Serverless in the Wild" (USENIX ATC 2020), Fig. 3
 * (HTTP 55 % of functions / 36 % of invocations, queue 15 / 34, event 2 / 25, timer 16 / 2, orchestration 7 / 2,
 * others 5 / 1; storage is split from "others" here).
 *
 * <p>{@link #popularity} turns the invocation share into a shift of a function's log-popularity: a trigger whose
 * functions carry k times their share of invocations starts from {@code ln k}. Timers take no popularity draw: their
 * count follows from their period.
 *
 * @param id          the name in the trace's Trigger column
 * @param functions   share of functions with this trigger
 * @param invocations share of invocations they carry
 * @param bursty      probability that a function of this trigger arrives in bursts rather than as a smooth flow
 */
enum Trigger {
    HTTP("http", 0.55, 0.36, 0.15),
    QUEUE("queue", 0.15, 0.34, 0.70),
    EVENT("event", 0.02, 0.25, 0.50),
    TIMER("timer", 0.16, 0.02, 0.0),
    ORCHESTRATION("orchestration", 0.07, 0.02, 0.30),
    STORAGE("storage", 0.03, 0.007, 0.80),
    OTHERS("others", 0.02, 0.003, 0.50);

    final String id;
    final double functions;
    final double invocations;
    final double bursty;

    Trigger(String id, double functions, double invocations, double bursty) {
        this.id = id;
        this.functions = functions;
        this.invocations = invocations;
        this.bursty = bursty;
    }

    /** The shift of a function's log-popularity: ln(share of invocations / share of functions). */
    double popularity() {
        return Math.log(invocations / functions);
    }
}
