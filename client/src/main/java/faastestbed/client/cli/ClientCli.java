package faastestbed.client.cli;

import faastestbed.client.config.BadInputException;
import faastestbed.client.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.IParamLabelRenderer;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The client's command line, parsed and documented by picocli: {@code [COMMAND] [OPTIONS]}, COMMAND one of run (the
 * default), register, invoke FUNCTION and help [COMMAND]. Flags may come before or after the command, as
 * {@code --flag VALUE} or {@code --flag=VALUE}; given twice, the last one counts.
 * <p>
 * Most flags set one configuration key. Their values stay text here: their meaning is checked together with the
 * configuration file's values, in one place ({@link faastestbed.client.config.ConfigReader}), so a flag and a file
 * line share one check and one error message.
 */
public final class ClientCli {
    public static final String PROGRAM = "java -jar client/target/client.jar";

    private static final Set<Command> ALL = EnumSet.allOf(Command.class);
    private static final Set<Command> RUN = EnumSet.of(Command.RUN);
    private static final Set<Command> DEPLOY = EnumSet.of(Command.DEPLOY);

    /**
     * One flag of the table below.
     *
     * @param key   the configuration key it overrides; null for the flags handled here (--config and the switches)
     * @param label the value's name in the help; null for a switch
     * @param query deploy's flags: the gateway's query parameter it sets; null for the others
     */
    private record Flag(String name, String key, String label, String description, Set<Command> commands, String query) {
        Flag(String name, String key, String label, String description, Set<Command> commands) {
            this(name, key, label, description, commands, null);
        }
    }

    private static final String CONFIG = "--config";
    private static final String NO_REGISTER = "--no-register";
    private static final String NO_PROGRESS = "--no-progress";
    private static final String ASYNC = "--async";

    /** In help order; --help and -h come last, on every command. */
    private static final List<Flag> FLAGS = List.of(
            new Flag("--gateway", "gateway.url", "URL", "gateway base URL", ALL),
            new Flag("--token-file", "gateway.token-file", "FILE",
                    "file holding the API token (default: $TESTBED_TOKEN, else .testbed/admin-token if present)", ALL),
            new Flag(CONFIG, null, "FILE", "read settings from FILE instead of ./workload.properties", ALL),
            new Flag("--functions", "functions", "A,B", "functions to register and invoke, in order",
                    EnumSet.of(Command.RUN, Command.REGISTER)),
            new Flag("--policies", "policies", "A,B", "scheduling policies, one cell each", RUN),
            new Flag("--modes", "modes", "A,B", "execution modes (cold, pre-warmed, warmed, dynamic), one cell each", RUN),
            new Flag("--keep-alives", "keep-alives", "A,B",
                    "dynamic mode: keep-alive policies (lru, fixed-ttl:30s), one cell each", RUN),
            new Flag("--paths", "paths", "A,B", "invocation paths (handler, exec), one cell each", RUN),
            new Flag("--prepared-nodes", "prepared.nodes", "N", "nodes the gateway prepares in pre-warmed/warmed modes", RUN),
            new Flag("--payload", "payload.file", "FILE", "send FILE's bytes as the body of every invocation",
                    EnumSet.of(Command.RUN, Command.INVOKE)),
            new Flag("--payload-sizes", "payload.sizes", "0,1K,1M", "one cell per size, of seeded random bytes (1K = 1024)", RUN),
            new Flag("--workload", "workload", "KIND", "sequential | closed | poisson | trace", RUN),
            new Flag("--cycles", "cycles", "N", "sequential/closed: passes over the function list", RUN),
            new Flag("--concurrency", "concurrency", "N", "closed: concurrent clients", RUN),
            new Flag("--rate", "poisson.rate", "PER_S", "poisson: mean arrivals per second", RUN),
            new Flag("--duration", "poisson.duration", "S", "poisson: seconds of arrivals", RUN),
            new Flag("--count", "poisson.count", "N", "poisson: exactly N arrivals (overrides --duration)", RUN),
            new Flag("--pick", "poisson.pick", "HOW", "poisson: function per arrival, round-robin | random", RUN),
            new Flag("--trace", "trace.file", "FILE", "trace: Azure Functions 2019 per-minute trace (CSV)", RUN),
            new Flag("--time-compression", "trace.time-compression", "X",
                    "trace: trace time / wall time (60: a minute per second)", RUN),
            new Flag("--trace-minutes", "trace.minutes", "FROM-TO", "trace: minutes to replay, 1-based, inclusive (default: all)", RUN),
            new Flag("--seed", "seed", "N", "seed of every random choice: schedule, payload bytes", RUN),
            new Flag("--run-id", "run.id", "ID", "tag of this run in metrics.csv (default: run-<UTC timestamp>)", RUN),
            new Flag(NO_REGISTER, null, null, "skip registration (the gateway already has the nodes and functions)", RUN),
            new Flag(NO_PROGRESS, null, null, "no progress bar on stderr", RUN),
            new Flag(ASYNC, null, null, "submit every invocation asynchronously (202 + id) and collect its result", RUN),
            new Flag("--name", null, "NAME", "the function's name (required); an existing function of that name is replaced",
                    DEPLOY, "name"),
            new Flag("--command", null, "CMD", "what a call runs on the exec path (default: the kind's runtime; a "
                    + "Dockerfile needs it)", DEPLOY, "command"),
            new Flag("--handler", null, "CMD", "the resident handler (default: the kind's runtime; none for a Dockerfile)",
                    DEPLOY, "handler"),
            new Flag("--memory-mb", null, "MB", "the function's memory limit", DEPLOY, "memoryMb"),
            new Flag("--timeout-seconds", null, "S", "the function's invocation timeout", DEPLOY, "timeoutSeconds"),
            new Flag("--namespace", null, "NS", "the namespace to deploy into (default: the token's own; the admin's: "
                    + "default)", DEPLOY, "namespace"));

    private static final Map<String, Flag> BY_NAME = FLAGS.stream()
            .collect(Collectors.toMap(Flag::name, f -> f, (a, b) -> a, LinkedHashMap::new));

    /** ClientMain's exit codes. */
    private static final Map<String, String> EXIT_CODES = new LinkedHashMap<>();

    static {
        EXIT_CODES.put("0", "every invocation ok");
        EXIT_CODES.put("1", "some invocation or gateway operation failed");
        EXIT_CODES.put("2", "bad input (flag, configuration, trace or payload file)");
        EXIT_CODES.put("3", "gateway unreachable");
    }

    /** picocli's sections minus the header (a command's summary, shown in the top's command list only). */
    private static final List<String> SECTIONS = List.of(
            UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING, UsageMessageSpec.SECTION_KEY_SYNOPSIS,
            UsageMessageSpec.SECTION_KEY_DESCRIPTION_HEADING, UsageMessageSpec.SECTION_KEY_DESCRIPTION,
            UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
            UsageMessageSpec.SECTION_KEY_PARAMETER_LIST_HEADING, UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
            UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, UsageMessageSpec.SECTION_KEY_OPTION_LIST,
            UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING, UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST,
            UsageMessageSpec.SECTION_KEY_FOOTER_HEADING, UsageMessageSpec.SECTION_KEY_FOOTER);

    private static final String[] FOOTER = {
            "Settings, in increasing priority: defaults built into the jar, ./workload.properties (or --config FILE),",
            "then flags. [key=value] above names each flag's key and built-in default; the file documents them all."};

    /** Option values shown as "--flag VALUE" (the form the scripts use) instead of picocli's "--flag=VALUE". */
    private static final IParamLabelRenderer LABELS = new IParamLabelRenderer() {
        @Override
        public Help.Ansi.Text renderParameterLabel(ArgSpec arg, Ansi ansi, List<Help.Ansi.IStyle> styles) {
            String text = arg.isOption() ? (arg.arity().max == 0 ? "" : " " + arg.paramLabel()) : arg.paramLabel();
            return ansi.new Text(text);
        }

        @Override
        public String separator() {
            return " ";
        }
    };

    /** A bad command line; {@link #command()} is the command whose help the person should read (null: the general help). */
    public static final class BadCommandLineException extends BadInputException {
        private final Command command;

        BadCommandLineException(String message, Command command) {
            super(message);
            this.command = command;
        }

        public Command command() {
            return command;
        }
    }

    private final Settings defaults;

    /** @param defaults the built-in settings, whose values the help shows as each flag's default */
    public ClientCli(Settings defaults) {
        this.defaults = defaults;
    }

    /** The one-line pointer to the help, printed after an error. */
    public static String hint(Command command) {
        return "Run '" + PROGRAM + (command == null || command == Command.RUN ? "" : " " + command.id()) + " --help' for usage.";
    }

    /** The usage of {@code topic}, or the general usage for null (or HELP). */
    public String usage(Command topic) {
        CommandLine root = commandLine();
        CommandLine shown = topic == null || topic == Command.HELP ? root : root.getSubcommands().get(topic.id());
        return shown.getUsageMessage(Ansi.OFF);
    }

    /**
     * Parses a command line. Help in any form (help [COMMAND], --help, -h) wins over everything but a flag picocli
     * cannot parse, and comes back as {@link Command#HELP} with the command whose help to show.
     */
    public ParsedArgs parse(String... args) throws BadCommandLineException {
        CommandLine root = commandLine();
        ParseResult top;
        try {
            top = root.parseArgs(args);
        } catch (ParameterException e) {
            throw translate(e);
        }
        ParseResult sub = top.subcommand();
        Command command = sub == null ? Command.RUN : command(sub.commandSpec());

        if (command == Command.HELP) {
            String topic = sub.matchedPositionalValue(0, null);
            if (topic != null && Command.parse(topic).isEmpty()) {
                throw new BadCommandLineException("help takes one command name (run, register, invoke, deploy), got: " + topic, null);
            }
            return help(topic == null ? null : Command.parse(topic).orElseThrow());
        }
        if (top.isUsageHelpRequested() || (sub != null && sub.isUsageHelpRequested())) {
            return help(sub == null ? null : command); // --help before any command: the general help
        }

        List<ParsedArgs.Override> overrides = new ArrayList<>();
        String config = null;
        boolean noRegister = false;
        boolean noProgress = false;
        boolean async = false;
        Map<String, String> deploy = new LinkedHashMap<>();
        for (ParseResult level : sub == null ? List.of(top) : List.of(top, sub)) {
            for (OptionSpec option : new LinkedHashSet<>(level.matchedOptions())) { // once per flag, with its last value
                String name = option.longestName();
                if (level == top && sub != null && sub.commandSpec().findOption(name) == null) {
                    // Given before the command word, so it was parsed as an option of the default command, run.
                    throw notAnOptionOf(name, command);
                }
                switch (name) {
                    case CONFIG -> config = option.getValue();
                    case NO_REGISTER -> noRegister = true;
                    case NO_PROGRESS -> noProgress = true;
                    case ASYNC -> async = true;
                    default -> {
                        if (command == Command.DEPLOY && query(name) != null) {
                            deploy.put(query(name), option.getValue());
                            continue;
                        }
                        overrides.add(new ParsedArgs.Override(BY_NAME.get(name).key(), option.getValue(), name));
                    }
                }
            }
        }
        List<String> arguments = command == Command.INVOKE || command == Command.DEPLOY
                ? List.of(sub.<String>matchedPositionalValue(0, null)) : List.of();
        if (command == Command.DEPLOY && !deploy.containsKey("name")) {
            throw new BadCommandLineException("deploy needs --name NAME (the function to create or replace)", command);
        }
        return new ParsedArgs(command, arguments, overrides, config, noRegister, noProgress, async, deploy);
    }

    /** The query parameter a deploy flag sets; null for every other flag. */
    private static String query(String flag) {
        return FLAGS.stream().filter(f -> f.name().equals(flag) && f.query() != null).map(Flag::query).findFirst()
                .orElse(null);
    }

    private static ParsedArgs help(Command topic) {
        return new ParsedArgs(Command.HELP, topic == null ? List.of() : List.of(topic.id()), List.of(), null, false, false);
    }

    /** picocli's errors, said the way the rest of the client says bad input: short, naming the flag or argument. */
    private static BadCommandLineException translate(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        Command command = spec.parent() == null ? null : command(spec);
        List<String> unmatched = e instanceof UnmatchedArgumentException u ? u.getUnmatched() : List.of();
        if (e instanceof MissingParameterException m && m.getMissing().stream().noneMatch(ArgSpec::isOption)) {
            // A missing FUNCTION: picocli checks it before arguments it could not place, which say more.
            ParseResult partial = e.getCommandLine().getParseResult();
            unmatched = partial == null ? List.of() : partial.unmatched();
        }
        if (!unmatched.isEmpty()) {
            return unmatched(unmatched.get(0), command, e instanceof UnmatchedArgumentException u ? u.getSuggestions() : List.of());
        }
        if (e instanceof MissingParameterException m) {
            ArgSpec missing = m.getMissing().get(0);
            if (missing.isOption()) {
                return new BadCommandLineException(((OptionSpec) missing).longestName() + " needs a value ("
                        + missing.paramLabel() + ")", command);
            }
            return new BadCommandLineException(command.id() + " needs a " + missing.paramLabel() + " name", command);
        }
        return new BadCommandLineException(e.getMessage().lines().findFirst().orElse("bad command line"), command);
    }

    private static BadCommandLineException unmatched(String arg, Command command, List<String> suggestions) {
        if (arg.startsWith("-") && arg.length() > 1) {
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (BY_NAME.containsKey(flag) && command != null) {
                return notAnOptionOf(flag, command);
            }
            List<String> flags = suggestions.stream().filter(s -> s.startsWith("-")).toList();
            return new BadCommandLineException("unknown flag " + flag
                    + (flags.isEmpty() ? "" : " (did you mean " + String.join(" or ", flags) + "?)"), command);
        }
        if (command == null) {
            return new BadCommandLineException("unknown command '" + arg + "' (commands: run, register, invoke, deploy, help)", null);
        }
        return switch (command) {
            case INVOKE -> new BadCommandLineException("invoke takes one FUNCTION, got another argument '" + arg + "'", command);
            case DEPLOY -> new BadCommandLineException("deploy takes one DIR, got another argument '" + arg + "'", command);
            case HELP -> new BadCommandLineException("help takes one command name (run, register, invoke, deploy), got another: '"
                    + arg + "'", command);
            default -> new BadCommandLineException("unexpected argument '" + arg + "' for '" + command.id() + "'", command);
        };
    }

    private static BadCommandLineException notAnOptionOf(String flag, Command command) {
        return new BadCommandLineException(flag + " is not an option of '" + command.id() + "'", command);
    }

    private static Command command(CommandSpec spec) {
        return Command.parse(spec.name()).orElseThrow();
    }

    /**
     * The whole command line: the top level is the default command, run, with the general help; run, register,
     * invoke and help are its subcommands. Built per use, as a picocli command line keeps the state of its last parse.
     */
    private CommandLine commandLine() {
        CommandSpec top = spec(Command.RUN, PROGRAM);
        top.usageMessage()
                .customSynopsis(PROGRAM + " [COMMAND] [OPTIONS]")
                .description("Registers execution nodes and functions with the FaaS testbed's API gateway and drives workloads",
                        "against it, one run per scheduling policy x execution mode (x keep-alive, dynamic mode only)",
                        "x invocation path (x payload size) cell.")
                .commandListHeading("%nCommands:%n");
        top.subcommandsCaseInsensitive(true);
        CommandLine root = new CommandLine(top);
        for (Command c : Command.values()) {
            CommandSpec spec = spec(c, c.id());
            spec.usageMessage().header(c.summary()).description(description(c)); // the header: the top's command list
            root.addSubcommand(c.id(), new CommandLine(spec));
        }
        return root;
    }

    /** A command with its flags (--help and -h on every one) and the settings shared by all. */
    private CommandSpec spec(Command command, String name) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.interpolateVariables(false);
        spec.parser()
                .overwrittenOptionsAllowed(true)       // --cycles 1 --cycles 2: the last one counts
                .allowSubcommandsAsOptionParameters(true) // --run-id run is a run id, not the run command
                .expandAtFiles(false)                   // @file is a value, not a file of arguments
                .posixClusteredShortOptionsAllowed(false);
        for (Flag flag : FLAGS) {
            if (flag.commands().contains(command)) {
                spec.addOption(option(flag));
            }
        }
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).arity("0").description("show this help").build());
        switch (command) {
            case INVOKE -> spec.addPositional(PositionalParamSpec.builder().paramLabel("FUNCTION").arity("1").required(true)
                    .description("the function to invoke").build());
            case DEPLOY -> spec.addPositional(PositionalParamSpec.builder().paramLabel("DIR").arity("1").required(true)
                    .description("the function's folder: a Dockerfile, or handler.py (+ requirements.txt), or an "
                            + "executable handler at its root").build());
            case HELP -> spec.addPositional(PositionalParamSpec.builder().paramLabel("COMMAND").arity("0..1")
                    .description("run, register, invoke or deploy").build());
            default -> {
            }
        }
        UsageMessageSpec usage = spec.usageMessage();
        usage.sectionKeys(SECTIONS)
                .customSynopsis(synopsis(command))
                .width(130) // room for "[trace.file=workloads/azure-synthetic.d01.csv]" on its flag's line
                .longOptionsMaxWidth(24)
                .sortOptions(false)
                .descriptionHeading("%n")
                .parameterListHeading("%nArguments:%n")
                .optionListHeading(command == Command.RUN ? "%nOptions:%n" : "%nOptions of " + command.id() + ":%n")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(EXIT_CODES)
                .footerHeading("%n")
                .footer(FOOTER)
                .helpFactory((commandSpec, colors) -> new Help(commandSpec, colors) {
                    @Override
                    public IParamLabelRenderer parameterLabelRenderer() {
                        return LABELS;
                    }
                });
        return spec;
    }

    /** Flags that set a key show the key and its built-in default: [cycles=10], or [run.id] when it has none. */
    private OptionSpec option(Flag flag) {
        String description = flag.description();
        if (flag.key() != null) {
            String value = defaults.text(flag.key());
            description += " [" + flag.key() + (value.isEmpty() ? "" : "=" + value) + "]";
        }
        OptionSpec.Builder b = OptionSpec.builder(flag.name()).description(description.replace("%", "%%"));
        if (flag.label() == null) {
            b.arity("0").type(boolean.class);
        } else {
            b.arity("1").type(String.class).paramLabel(flag.label());
        }
        return b.build();
    }

    private static String synopsis(Command command) {
        return PROGRAM + switch (command) {
            case RUN -> " [run] [OPTIONS]";
            case REGISTER -> " register [OPTIONS]";
            case INVOKE -> " invoke FUNCTION [OPTIONS]";
            case DEPLOY -> " deploy DIR --name NAME [OPTIONS]";
            case HELP -> " help [COMMAND]";
        };
    }

    /** Pre-wrapped, as picocli wraps a long line wherever the width ends, even inside "fixed-ttl[:30s]". */
    private static String[] description(Command command) {
        return switch (command) {
            case RUN -> new String[]{
                    "Registers the nodes and functions (already registered is fine), then for every policy x mode",
                    "(x keep-alive) x path (x payload size) cell: sets the gateway's policy, mode, keep-alive and path",
                    "(PUT /config), resets the cluster into the mode's state (POST /cluster/reset) and drives the",
                    "workload. Every cell replays the same schedule. Paths: handler (through the function's resident",
                    "handler, where it declares one) or exec (docker run / exec of its command per invocation). Every",
                    "invocation sends the payload as its body: --payload FILE, or --payload-sizes with one cell per",
                    "size; neither: an empty body.",
                    "The dynamic mode starts containers on demand and keeps or evicts them by a keep-alive policy",
                    "(--keep-alives: none, fixed-ttl[:30s], lru, greedy-dual, hybrid-histogram; the gateway has the",
                    "list): one dynamic cell per keep-alive; cells of the static modes run once.",
                    "Prints a summary per function x execution mode: count, ok, failed, rejected, mean/p50/p95 s.",
                    "",
                    "Workloads:",
                    "  sequential  cycles x functions, one at a time, in order",
                    "  closed      the same invocations, --concurrency clients each sending its next when the last returns",
                    "  poisson     open loop: exponential inter-arrival times at --rate, for --duration s or --count arrivals",
                    "  trace       open loop: replay of an Azure Functions 2019 invocations_per_function_md.anon.dNN.csv",
                    "              (hashed functions dealt onto --functions, busiest first; --time-compression 60 plays a",
                    "              trace minute per second)"};
            case REGISTER -> new String[]{
                    "Registers the configured nodes (over SSH, with ssh.key if that file exists, else ssh.password)",
                    "and functions with the gateway, each function with the pool settings the configuration gives it",
                    "(memory, concurrency, min-idle, max-containers). Already registered counts as success."};
            case INVOKE -> new String[]{
                    "Invokes FUNCTION once with the gateway's current policy, mode and path and prints its JSON answer.",
                    "The body is --payload FILE (or payload.file), byte for byte; otherwise empty.",
                    "Exit code 0 when the invocation was ok, 1 otherwise."};
            case DEPLOY -> new String[]{
                    "Packs DIR (tar.gz, in memory) and sends it to the gateway, which builds the image on one of its nodes",
                    "with the node's own engine, pushes it to the private registry and registers the function (in place of",
                    "one of the same name). Prints the build log as it runs, then the outcome. DIR holds a Dockerfile (built",
                    "as given; --command needed), or handler.py defining handle(body) (+ requirements.txt), or an executable",
                    "named handler (stdin in, stdout out).",
                    "Exit code 0 when the function is registered, 1 when the build or the registration failed."};
            case HELP -> new String[]{"Shows the general help, or COMMAND's help (the same as COMMAND --help)."};
        };
    }
}
