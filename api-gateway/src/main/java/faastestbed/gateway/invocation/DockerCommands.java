package faastestbed.gateway.invocation;

import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.runtime.Endpoint;
import faastestbed.gateway.ssh.ShellQuote;

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

    /** Default of {@code testbed.function.pids-limit}. */
    public static final int DEFAULT_PIDS_LIMIT = 512;
    /** Below this an ordinary runtime (a Python or JVM with its threads) cannot start. */
    public static final int MIN_PIDS_LIMIT = 16;

    /**
     * What every function container gets: the function's memory limit without swap, a bound on its processes and
     * threads (a fork bomb stays inside it instead of exhausting the node's PIDs, which would stall dockerd and
     * sshd), and first place in the OOM killer's order, so that a node out of memory loses a function process,
     * never its engine or sshd.
     */
    static List<String> limits(FunctionSpec f, int pidsLimit) {
        return limits(f.demand().memoryMb(), pidsLimit);
    }

    private static List<String> limits(long memoryMb, int pidsLimit) {
        String mb = memoryMb + "m";
        return List.of("--memory", mb, "--memory-swap", mb, "--pids-limit", Integer.toString(pidsLimit),
                "--oom-score-adj", "1000");
    }

    /** {@code testbed.function.pids-limit}, checked at start-up. */
    public static int checkPidsLimit(int pidsLimit) {
        if (pidsLimit < MIN_PIDS_LIMIT) {
            throw new IllegalStateException("testbed.function.pids-limit must be at least " + MIN_PIDS_LIMIT + ", was "
                    + pidsLimit);
        }
        return pidsLimit;
    }

    /** Only these options precede a function's image on any docker run of ours: nothing widens what it may do. */
    static final java.util.Set<String> RUN_OPTIONS = java.util.Set.of("--rm", "-i", "-d", "--name", "--label", "--memory",
            "--memory-swap", "--pids-limit", "--oom-score-adj", "--restart", "--pull");

    public static List<String> pull(String image) {
        return List.of("docker", "pull", image);
    }

    /**
     * Cold and pre-warmed on the exec path: a fresh container that removes itself, the payload on its stdin.
     * {@code --pull never} makes "pre-warmed" honest.
     */
    public static List<String> runOnce(FunctionSpec f, boolean allowPull, int pidsLimit) {
        return runOnce(f, allowPull, null, pidsLimit);
    }

    /** The same, named (null: docker picks a name), so that the container can be found while it runs. */
    public static List<String> runOnce(FunctionSpec f, boolean allowPull, String name, int pidsLimit) {
        List<String> argv = new ArrayList<>(List.of("docker", "run", "--rm", "-i"));
        if (name != null) {
            argv.addAll(List.of("--name", name));
        }
        argv.addAll(List.of("--label", LABEL + "=" + f.name()));
        argv.addAll(limits(f, pidsLimit));
        argv.addAll(List.of("--pull", allowPull ? "missing" : "never", f.image()));
        argv.addAll(f.command());
        return argv;
    }

    /** Warmed on the exec path: the command in the running container, the payload on its stdin. */
    public static List<String> exec(FunctionSpec f) {
        return exec(f, f.warmContainerName());
    }

    /** The command in the named running container (a pool container in the dynamic mode), payload on stdin. */
    public static List<String> exec(FunctionSpec f, String container) {
        List<String> argv = new ArrayList<>(List.of("docker", "exec", "-i", container));
        argv.addAll(f.command());
        return argv;
    }

    /**
     * A container of the dynamic mode's pool: the function's resident command (its handler, else the keep-alive
     * command for exec calls) under a memory limit without swap, so the node's capacity accounting is physical.
     * No restart policy: a crashed handler is seen and its container leaves the pool.
     */
    public static List<String> startPooled(FunctionSpec f, String containerName, int memoryMb, int pidsLimit) {
        List<String> argv = new ArrayList<>(List.of("docker", "run", "-d", "--name", containerName,
                "--label", LABEL + "=" + f.name()));
        argv.addAll(limits(memoryMb, pidsLimit));
        argv.addAll(List.of("--pull", "never", f.image()));
        argv.addAll(f.residentCommand());
        return argv;
    }

    /**
     * The long-lived container of warmed mode. A keep-alive container restarts itself if its process dies; a handler
     * container does not, so that a crashed handler is seen (a 502 with its log) and replaced by the gateway.
     */
    public static List<String> startWarm(FunctionSpec f, int pidsLimit) {
        List<String> argv = new ArrayList<>(List.of("docker", "run", "-d", "--name", f.warmContainerName(),
                "--label", LABEL + "=" + f.name()));
        argv.addAll(limits(f, pidsLimit));
        if (!f.hasHandler()) {
            argv.addAll(List.of("--restart", "unless-stopped"));
        }
        argv.addAll(List.of("--pull", "never", f.image()));
        argv.addAll(f.residentCommand());
        return argv;
    }

    /** A handler container for one invocation (cold and pre-warmed on the handler path); removed after answering. */
    public static List<String> startHandlerOnce(FunctionSpec f, String containerName, int pidsLimit) {
        List<String> argv = new ArrayList<>(List.of("docker", "run", "-d", "--name", containerName,
                "--label", LABEL + "=" + f.name()));
        argv.addAll(limits(f, pidsLimit));
        argv.addAll(List.of("--pull", "never", f.image()));
        argv.addAll(f.handler());
        return argv;
    }

    /**
     * A shell line that starts a detached container with {@code runArgv} and prints its id and then its address on
     * the node's Docker network, one per line: one SSH round trip instead of two.
     */
    public static String startAndLocate(List<String> runArgv) {
        return "c=$(" + ShellQuote.join(runArgv) + ") || exit $?; echo \"$c\"; "
                + "docker inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' \"$c\"";
    }

    /** Where the handler of the container printed by {@link #startAndLocate} listens; empty when id or address is missing. */
    public static java.util.Optional<Endpoint> parseLocated(String stdout) {
        String[] lines = stdout.strip().split("\\R");
        if (lines.length < 2) {
            return java.util.Optional.empty();
        }
        String id = lines[0].strip();
        String ip = lines[lines.length - 1].strip().split("\\s+")[0];
        return id.isEmpty() || ip.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new Endpoint(id, ip, Endpoint.DEFAULT_PORT));
    }

    /** The last lines a container's processes wrote (stdout and stderr), for the answer when its handler died. */
    public static List<String> logsTail(String container, int lines) {
        return List.of("docker", "logs", "--tail", Integer.toString(lines), container);
    }

    /** Every container of ours on the node, one per line: its id and the function its label names. */
    public static List<String> listOurContainers() {
        return List.of("docker", "ps", "-a", "--filter", "label=" + LABEL, "--format",
                "{{.ID}} {{.Label \"" + LABEL + "\"}}");
    }

    /** Every container of ours on the node, whatever its function (a shell line). */
    public static String removeAllOfOurs() {
        return "docker ps -aq --filter " + ShellQuote.quote("label=" + LABEL) + " | xargs -r docker rm -f >/dev/null";
    }

    /** Containers of ours whose function is not in {@code registered}, from {@link #listOurContainers}'s output. */
    public static List<String> strays(String listing, java.util.Set<String> registered) {
        List<String> ids = new ArrayList<>();
        for (String line : listing.split("\\R")) {
            String[] parts = line.strip().split("\\s+", 2);
            if (!parts[0].isEmpty() && (parts.length < 2 || !registered.contains(parts[1]))) {
                ids.add(parts[0]);
            }
        }
        return ids;
    }

    /**
     * A command line of docker run/exec for an invocation, so that its docker client (which holds the payload and the
     * output) goes before the node's engine when the node runs out of memory: raising one's own OOM score needs no
     * privilege; where /proc does not allow it, nothing changes. {@code exec}: the client replaces the shell, as when
     * the line was the command alone.
     */
    static String oomBeforeEngine(String commandLine) {
        return "{ echo " + CLIENT_OOM_SCORE_ADJ + " >/proc/self/oom_score_adj; } 2>/dev/null; exec " + commandLine;
    }

    /** Above the engine's (0 or below), under the function containers' 1000. */
    static final int CLIENT_OOM_SCORE_ADJ = 500;

    /** An engine that does not answer, anywhere in a message of docker's (or of a function: see DockerVerdict). */
    static boolean mentionsEngineUnreachable(String message) {
        return message != null && (message.contains("Cannot connect to the Docker daemon")
                || message.contains("error during connect"));
    }

    public static List<String> removeContainer(String container) {
        return List.of("docker", "rm", "-f", container);
    }

    /** Every container of the function on the node, warm or one-shot (a shell line: the ids come from docker ps). */
    public static String removeAllContainers(FunctionSpec f) {
        return "docker ps -aq --filter " + ShellQuote.quote("label=" + LABEL + "=" + f.name())
                + " | xargs -r docker rm -f >/dev/null";
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

    /** The warm container as a previous gateway left it: id, running, image, addresses (one line; empty when none). */
    public static List<String> inspectWarm(FunctionSpec f) {
        return List.of("docker", "inspect", "--format", "{{.Id}} {{.State.Running}} {{.Config.Image}} "
                + "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", f.warmContainerName());
    }

    /** Every container of the function but its warm one (a shell line). */
    public static String removeAllButWarm(FunctionSpec f) {
        return "docker ps -a --filter " + ShellQuote.quote("label=" + LABEL + "=" + f.name()) + " --format '{{.Names}}'"
                + " | grep -vx " + ShellQuote.quote(f.warmContainerName()) + " | xargs -r docker rm -f >/dev/null";
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
    public static boolean pullFoundImagePresent(String stdout) {
        return stdout.contains("Image is up to date");
    }
}
