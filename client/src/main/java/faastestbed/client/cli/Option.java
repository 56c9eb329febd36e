package faastestbed.client.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A command-line flag. Most flags just override one configuration key, so flags and the file share
 * one validation path and one set of error messages.
 *
 * @param key       the configuration key it overrides; null for flags handled by the parser itself
 * @param valueName shown in the usage; null for switches without a value
 */
public record Option(String flag, String key, String valueName, String help, Set<Command> commands) {

    private static final Set<Command> ALL = EnumSet.of(Command.RUN, Command.REGISTER, Command.INVOKE, Command.HELP);
    private static final Set<Command> RUN = EnumSet.of(Command.RUN);

    public static final Option HELP = new Option("--help", null, null, "show this help", ALL);
    public static final Option CONFIG = new Option("--config", null, "FILE",
            "read settings from FILE instead of ./workload.properties", ALL);
    public static final Option NO_REGISTER = new Option("--no-register", null, null,
            "skip registration (the gateway already has the nodes and functions)", RUN);
    public static final Option NO_PROGRESS = new Option("--no-progress", null, null, "no progress bar on stderr", RUN);

    /** In usage order. */
    public static final List<Option> ALL_OPTIONS = List.of(
            new Option("--gateway", "gateway.url", "URL", "gateway base URL", ALL),
            CONFIG,
            new Option("--functions", "functions", "A,B", "functions to register and invoke, in order",
                    EnumSet.of(Command.RUN, Command.REGISTER)),
            new Option("--policies", "policies", "A,B", "scheduling policies, one cell each", RUN),
            new Option("--modes", "modes", "A,B", "execution modes (cold, pre-warmed, warmed, dynamic), one cell each", RUN),
            new Option("--keep-alives", "keep-alives", "A,B",
                    "dynamic mode: keep-alive policies (lru, fixed-ttl:30s), one cell each", RUN),
            new Option("--paths", "paths", "A,B", "invocation paths (handler, exec), one cell each", RUN),
            new Option("--prepared-nodes", "prepared.nodes", "N", "nodes the gateway prepares in pre-warmed/warmed modes", RUN),
            new Option("--payload", "payload.file", "FILE", "send FILE's bytes as the body of every invocation",
                    EnumSet.of(Command.RUN, Command.INVOKE)),
            new Option("--payload-sizes", "payload.sizes", "0,1K,1M",
                    "one cell per size, of seeded random bytes (1K = 1024)", RUN),
            new Option("--workload", "workload", "KIND", "sequential | closed | poisson | trace", RUN),
            new Option("--cycles", "cycles", "N", "sequential/closed: passes over the function list", RUN),
            new Option("--concurrency", "concurrency", "N", "closed: concurrent clients", RUN),
            new Option("--rate", "poisson.rate", "PER_S", "poisson: mean arrivals per second", RUN),
            new Option("--duration", "poisson.duration", "S", "poisson: seconds of arrivals", RUN),
            new Option("--count", "poisson.count", "N", "poisson: exactly N arrivals (overrides --duration)", RUN),
            new Option("--pick", "poisson.pick", "HOW", "poisson: function per arrival, round-robin | random", RUN),
            new Option("--trace", "trace.file", "FILE", "trace: Azure Functions 2019 per-minute trace (CSV)", RUN),
            new Option("--time-compression", "trace.time-compression", "X", "trace: trace time / wall time (60: a minute per second)", RUN),
            new Option("--trace-minutes", "trace.minutes", "FROM-TO", "trace: minutes to replay, 1-based, inclusive (default: all)", RUN),
            new Option("--seed", "seed", "N", "seed of every random choice: schedule, payload bytes", RUN),
            new Option("--run-id", "run.id", "ID", "tag of this run in metrics.csv (default: run-<UTC timestamp>)", RUN),
            NO_REGISTER,
            NO_PROGRESS,
            HELP);

    public static Optional<Option> find(String flag) {
        if ("-h".equals(flag)) {
            return Optional.of(HELP);
        }
        return ALL_OPTIONS.stream().filter(o -> o.flag.equals(flag)).findFirst();
    }

    public boolean takesValue() {
        return valueName != null;
    }
}
