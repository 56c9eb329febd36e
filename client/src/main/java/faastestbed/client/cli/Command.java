package faastestbed.client.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum Command {
    RUN("run", "register, then run the workload in every policy x mode x path cell and print a summary (the default)"),
    REGISTER("register", "register the nodes and functions only"),
    INVOKE("invoke", "invoke FUNCTION once and print the gateway's JSON answer"),
    DEPLOY("deploy", "build DIR into a function's image on a node, push it and register it (POST /functions/deploy)"),
    HELP("help", "show the help, or COMMAND's help: help [COMMAND]");

    private final String id;
    private final String summary;

    Command(String id, String summary) {
        this.id = id;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public String summary() {
        return summary;
    }

    public static Optional<Command> parse(String text) {
        return Arrays.stream(values()).filter(c -> c.id.equals(text.toLowerCase(Locale.ROOT))).findFirst();
    }
}
