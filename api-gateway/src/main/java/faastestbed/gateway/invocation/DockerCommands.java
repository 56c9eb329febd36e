package faastestbed.gateway.invocation;

import faastestbed.gateway.function.FunctionSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The docker command lines the gateway runs on nodes, as argv lists (quoted later, one argument at a time).
 * Every container carries a label naming its function so a reset can find all of ours and nothing else.
 */
public final class DockerCommands {
    public static final String LABEL = "faas-testbed.function";

    private DockerCommands() {
    }

    public static List<String> pull(String image) {
        return List.of("docker", "pull", image);
    }

    /** Cold and pre-warmed: a fresh container that removes itself. {@code --pull never} makes "pre-warmed" honest. */
    public static List<String> runOnce(FunctionSpec f, boolean allowPull) {
        List<String> argv = new ArrayList<>(List.of("docker", "run", "--rm", "--label", LABEL + "=" + f.name(),
                "--pull", allowPull ? "missing" : "never", f.image()));
        argv.addAll(f.command());
        return argv;
    }

    public static List<String> exec(FunctionSpec f) {
        List<String> argv = new ArrayList<>(List.of("docker", "exec", f.warmContainerName()));
        argv.addAll(f.command());
        return argv;
    }

    /** The long-lived container of warmed mode; restarts itself if its keep-alive process dies. */
    public static List<String> startWarm(FunctionSpec f) {
        List<String> argv = new ArrayList<>(List.of("docker", "run", "-d", "--name", f.warmContainerName(),
                "--label", LABEL + "=" + f.name(), "--restart", "unless-stopped", "--pull", "never", f.image()));
        argv.addAll(f.keepAliveCommand());
        return argv;
    }

    public static List<String> removeContainer(FunctionSpec f) {
        return List.of("docker", "rm", "-f", f.warmContainerName());
    }

    public static List<String> removeImage(String image) {
        return List.of("docker", "rmi", "-f", image);
    }

    public static List<String> inspectImage(String image) {
        return List.of("docker", "image", "inspect", "--format", "{{.Id}}", image);
    }

    public static List<String> containerRunning(FunctionSpec f) {
        return List.of("docker", "inspect", "--format", "{{.State.Running}}", f.warmContainerName());
    }

    /** docker's own messages when the state a mode relies on is missing (used to flag state mismatches). */
    static boolean saysNoSuchImage(String stderr) {
        return stderr.contains("No such image") || stderr.contains("pull access denied")
                || stderr.contains("Unable to find image");
    }

    static boolean saysNoRunningContainer(String stderr) {
        return stderr.contains("No such container") || stderr.contains("is not running")
                || stderr.contains("is restarting");
    }

    /** {@code docker pull} prints this when the image was already present, i.e. the start was not cold. */
    static boolean pullFoundImagePresent(String stdout) {
        return stdout.contains("Image is up to date");
    }
}
