package faastestbed.client.cli;

import java.util.List;

/**
 * A parsed command line.
 *
 * @param arguments  positional arguments after the command (the function of {@code invoke}, the topic of {@code help})
 * @param overrides  configuration keys set by flags, in command-line order
 * @param configFile --config, or null
 */
public record CommandLine(Command command, List<String> arguments, List<Override> overrides, String configFile,
                          boolean help, boolean noRegister, boolean noProgress) {

    /** A flag's value for a configuration key. */
    public record Override(String key, String value, String flag) {
    }

    public CommandLine {
        arguments = List.copyOf(arguments);
        overrides = List.copyOf(overrides);
    }
}
