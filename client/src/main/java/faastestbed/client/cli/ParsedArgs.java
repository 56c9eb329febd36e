package faastestbed.client.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line.
 *
 * @param command    the command to run; {@link Command#HELP} for help in any form (help, --help, -h)
 * @param arguments  positional arguments: the function of {@code invoke}; for help, the command whose help to show
 *                   (none: the general help)
 * @param overrides  configuration keys set by flags, in command-line order
 * @param configFile --config, or null
 * @param async      --async: every invocation of the run is submitted asynchronously and its result collected
 * @param deploy     deploy's registration flags by the gateway's query parameter (name, command, memoryMb, ...)
 */
public record ParsedArgs(Command command, List<String> arguments, List<Override> overrides, String configFile,
                         boolean noRegister, boolean noProgress, boolean async, Map<String, String> deploy) {

    public ParsedArgs(Command command, List<String> arguments, List<Override> overrides, String configFile,
                      boolean noRegister, boolean noProgress) {
        this(command, arguments, overrides, configFile, noRegister, noProgress, false, Map.of());
    }

    /** A flag's value for a configuration key. */
    public record Override(String key, String value, String flag) {
    }

    public ParsedArgs {
        arguments = List.copyOf(arguments);
        overrides = List.copyOf(overrides);
        deploy = Collections.unmodifiableMap(new LinkedHashMap<>(deploy));
    }
}
