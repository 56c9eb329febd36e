package faastestbed.client.cli;

import faastestbed.client.config.BadInputException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hand-written parsing of the client's small, flat command line: {@code [COMMAND] [--flag VALUE | --flag=VALUE]...}.
 * Flags may come before or after the command. Values are only checked here for presence; their meaning is
 * checked with the configuration file's values, in one place.
 */
public final class CliParser {
    private CliParser() {
    }

    public static CommandLine parse(String[] args) throws BadInputException {
        Command command = null;
        List<String> arguments = new ArrayList<>();
        List<CommandLine.Override> overrides = new ArrayList<>();
        Set<Option> used = new LinkedHashSet<>();
        String config = null;
        boolean help = false;
        boolean noRegister = false;
        boolean noProgress = false;
        boolean onlyPositional = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!onlyPositional && arg.equals("--")) {
                onlyPositional = true;
            } else if (!onlyPositional && arg.startsWith("-") && arg.length() > 1) {
                int eq = arg.indexOf('=');
                String flag = eq < 0 ? arg : arg.substring(0, eq);
                Option option = Option.find(flag).orElseThrow(() -> new BadInputException("unknown flag " + flag));
                used.add(option);
                String value = null;
                if (option.takesValue()) {
                    if (eq >= 0) {
                        value = arg.substring(eq + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new BadInputException(flag + " needs a value (" + option.valueName() + ")");
                    }
                } else if (eq >= 0) {
                    throw new BadInputException(flag + " takes no value");
                }
                if (option == Option.HELP) {
                    help = true;
                } else if (option == Option.CONFIG) {
                    config = value;
                } else if (option == Option.NO_REGISTER) {
                    noRegister = true;
                } else if (option == Option.NO_PROGRESS) {
                    noProgress = true;
                } else {
                    overrides.add(new CommandLine.Override(option.key(), value, flag));
                }
            } else if (command == null) {
                command = Command.parse(arg).orElseThrow(() -> new BadInputException("unknown command '" + arg
                        + "' (commands: run, register, invoke, help)"));
            } else {
                arguments.add(arg);
            }
        }
        if (command == null) {
            command = Command.RUN;
        }
        if (help) {
            return new CommandLine(command, arguments, overrides, config, true, noRegister, noProgress);
        }
        for (Option option : used) {
            if (!option.commands().contains(command)) {
                throw new BadInputException(option.flag() + " is not an option of '" + command.id() + "'");
            }
        }
        switch (command) {
            case INVOKE -> {
                if (arguments.size() != 1) {
                    throw new BadInputException(arguments.isEmpty() ? "invoke needs a FUNCTION name"
                            : "invoke takes one FUNCTION, got " + arguments.size() + ": " + String.join(" ", arguments));
                }
            }
            case HELP -> {
                if (arguments.size() > 1 || (arguments.size() == 1 && Command.parse(arguments.get(0)).isEmpty())) {
                    throw new BadInputException("help takes one command name (run, register, invoke), got: " + String.join(" ", arguments));
                }
            }
            default -> {
                if (!arguments.isEmpty()) {
                    throw new BadInputException("unexpected argument '" + arguments.get(0) + "' for '" + command.id() + "'");
                }
            }
        }
        return new CommandLine(command, arguments, overrides, config, false, noRegister, noProgress);
    }
}
