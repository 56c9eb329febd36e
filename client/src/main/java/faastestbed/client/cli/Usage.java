package faastestbed.client.cli;

import faastestbed.client.config.Settings;

import java.util.List;

/** Help texts; option defaults are read from the built-in settings so the help cannot drift from them. */
public final class Usage {
    public static final String PROGRAM = "java -jar client/target/client.jar";

    private Usage() {
    }

    public static String hint(Command command) {
        return "Run '" + PROGRAM + (command == null || command == Command.RUN ? "" : " " + command.id()) + " --help' for usage.";
    }

    public static String general(Settings defaults) {
        StringBuilder b = new StringBuilder();
        b.append("Usage: ").append(PROGRAM).append(" [COMMAND] [OPTIONS]\n\n");
        b.append("Registers execution nodes and functions with the FaaS testbed's API gateway and drives workloads\n");
        b.append("against it, one run per scheduling policy x execution mode (x keep-alive, dynamic mode only)\n");
        b.append("x invocation path (x payload size) cell.\n\n");
        b.append("Commands:\n");
        b.append(String.format("  %-18s %s%n", "run", Command.RUN.summary()));
        b.append(String.format("  %-18s %s%n", "register", Command.REGISTER.summary()));
        b.append(String.format("  %-18s %s%n", "invoke FUNCTION", Command.INVOKE.summary()));
        b.append(String.format("  %-18s %s%n", "help [COMMAND]", Command.HELP.summary()));
        b.append('\n');
        b.append(options(Command.RUN, defaults));
        b.append('\n').append(footer());
        return b.toString();
    }

    public static String command(Command command, Settings defaults) {
        StringBuilder b = new StringBuilder();
        switch (command) {
            case RUN -> {
                b.append("Usage: ").append(PROGRAM).append(" [run] [OPTIONS]\n\n");
                b.append("Registers the nodes and functions (already registered is fine), then for every policy x mode\n");
                b.append("(x keep-alive) x path (x payload size) cell: sets the gateway's policy, mode, keep-alive and path\n");
                b.append("(PUT /config), resets the cluster into the mode's state (POST /cluster/reset) and drives the\n");
                b.append("workload. Every cell replays the same schedule. Paths: handler (through the function's resident\n");
                b.append("handler, where it declares one) or exec (docker run / exec of its command per invocation). Every\n");
                b.append("invocation sends the payload as its body: --payload FILE, or --payload-sizes with one cell per\n");
                b.append("size; neither: an empty body.\n");
                b.append("The dynamic mode starts containers on demand and keeps or evicts them by a keep-alive policy\n");
                b.append("(--keep-alives: none, fixed-ttl[:30s], lru, greedy-dual, hybrid-histogram; the gateway has the\n");
                b.append("list): one dynamic cell per keep-alive; cells of the static modes run once.\n");
                b.append("Prints a summary per function x execution mode: count, ok, failed, rejected, mean/p50/p95 s.\n\n");
                b.append("Workloads:\n");
                b.append("  sequential  cycles x functions, one at a time, in order\n");
                b.append("  closed      the same invocations, --concurrency clients each sending its next when the last returns\n");
                b.append("  poisson     open loop: exponential inter-arrival times at --rate, for --duration s or --count arrivals\n");
                b.append("  trace       open loop: replay of an Azure Functions 2019 invocations_per_function_md.anon.dNN.csv\n");
                b.append("              (hashed functions dealt onto --functions, busiest first; --time-compression 60 plays a\n");
                b.append("              trace minute per second)\n\n");
            }
            case REGISTER -> {
                b.append("Usage: ").append(PROGRAM).append(" register [OPTIONS]\n\n");
                b.append("Registers the configured nodes (over SSH, with ssh.key if that file exists, else ssh.password)\n");
                b.append("and functions with the gateway, each function with the pool settings the configuration gives it\n");
                b.append("(memory, concurrency, min-idle, max-containers). Already registered counts as success.\n\n");
            }
            case INVOKE -> {
                b.append("Usage: ").append(PROGRAM).append(" invoke FUNCTION [OPTIONS]\n\n");
                b.append("Invokes FUNCTION once with the gateway's current policy, mode and path and prints its JSON answer.\n");
                b.append("The body is --payload FILE (or payload.file), byte for byte; otherwise empty.\n");
                b.append("Exit code 0 when the invocation was ok, 1 otherwise.\n\n");
            }
            case HELP -> {
                return general(defaults);
            }
        }
        b.append(options(command, defaults));
        b.append('\n').append(footer());
        return b.toString();
    }

    private static String options(Command command, Settings defaults) {
        StringBuilder b = new StringBuilder("Options" + (command == Command.RUN ? "" : " of " + command.id()) + ":\n");
        List<Option> options = Option.ALL_OPTIONS.stream().filter(o -> o.commands().contains(command)).toList();
        for (Option o : options) {
            String left = o.flag() + (o.takesValue() ? " " + o.valueName() : "");
            String help = o.help();
            if (o.key() != null) {
                String def = defaults.text(o.key());
                help += " [" + o.key() + (def.isEmpty() ? "" : "=" + def) + "]";
            }
            b.append(String.format("  %-26s %s%n", left, help));
        }
        return b.toString();
    }

    private static String footer() {
        return """
                Settings, in increasing priority: defaults built into the jar, ./workload.properties (or --config FILE),
                then flags. [key=value] above names each flag's key and built-in default; the file documents them all.

                Exit codes: 0 every invocation ok, 1 some invocation or gateway operation failed,
                            2 bad input (flag, configuration, trace or payload file), 3 gateway unreachable.
                """;
    }
}
