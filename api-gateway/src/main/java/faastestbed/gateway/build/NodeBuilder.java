package faastestbed.gateway.build;

import faastestbed.gateway.ssh.CommandResult;
import faastestbed.gateway.ssh.RemoteStream;
import faastestbed.gateway.ssh.ShellQuote;
import faastestbed.gateway.ssh.SshConnection;
import faastestbed.gateway.ssh.SshFailure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Builds an image on a node with the node's own engine and pushes it, over the node's kept SSH connection: the
 * context goes up on a session's stdin into a fresh directory, {@code docker build -} reads it from there, the push
 * logs in with a throwaway docker config whose password arrives on stdin (never in an argv, never in the log), and
 * the directory, the config and the pushed tag are removed whatever happened. Every line of output goes to the log as
 * it arrives.
 */
final class NodeBuilder {
    /** A build or push that did not succeed; the message says which and why, the log has the rest. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    /**
     * @param network {@code docker build --network}: host lets RUN steps reach package mirrors (the node's rules
     *                block every connection from its bridges); default or none keep them off the network
     */
    record Settings(Duration uploadTimeout, Duration buildTimeout, Duration pushTimeout, String network) {
    }

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "build-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** What the gateway waits beyond the node's own timeout before it gives up on the session. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final Settings settings;

    NodeBuilder(Settings settings) {
        this.settings = settings;
    }

    /** Builds {@code context} as {@code pushImage} on the node and pushes it; {@code pushing} runs between the two. */
    void buildAndPush(String node, SshConnection ssh, byte[] context, String pushImage, RegistryAccess registry,
                      String password, BuildLog log, Runnable pushing) {
        CommandResult up = ssh.exec("d=$(mktemp -d -t faas-build.XXXXXXXX) && cat > \"$d/context.tar.gz\" && printf %s \"$d\"",
                context, settings.uploadTimeout());
        String dir = up.stdout().strip();
        if (!up.ok() || !dir.matches("/[A-Za-z0-9/._-]+")) {
            throw new Failed("uploading the sources to node '" + node + "' failed: " + firstLine(up.stderr()));
        }
        log.line("# node " + node + ": " + context.length + " bytes of context in " + dir);
        try {
            long secs = settings.buildTimeout().toSeconds();
            String build = "cd " + ShellQuote.quote(dir) + " && exec timeout --kill-after=10 " + secs + " docker build"
                    + " --force-rm --network " + ShellQuote.quote(settings.network()) + " -t " + ShellQuote.quote(pushImage)
                    + " - < context.tar.gz 2>&1";
            int exit = follow(ssh, build, null, settings.buildTimeout(), log);
            if (exit != 0) {
                throw new Failed(exit == 124 ? "docker build on node '" + node + "' did not finish within " + secs
                        + " s (testbed.build.timeout)" : "docker build on node '" + node + "' failed (exit " + exit + ")");
            }
            pushing.run();
            log.line("# push " + pushImage);
            String script = String.join("\n",
                    "exec 2>&1",
                    "set -eu",
                    "reg=" + ShellQuote.quote(registry.push()),
                    "cfg=$(mktemp -d -t faas-push.XXXXXXXX)",
                    "trap 'docker --config \"$cfg\" logout \"$reg\" >/dev/null 2>&1 || true; rm -rf \"$cfg\"' EXIT",
                    "docker --config \"$cfg\" login --username " + ShellQuote.quote(registry.user())
                            + " --password-stdin \"$reg\" >/dev/null",
                    "timeout --kill-after=10 " + settings.pushTimeout().toSeconds() + " docker --config \"$cfg\" push "
                            + ShellQuote.quote(pushImage));
            exit = follow(ssh, "bash -c " + ShellQuote.quote(script), password.getBytes(StandardCharsets.UTF_8),
                    settings.pushTimeout(), log);
            if (exit != 0) {
                throw new Failed("pushing the image from node '" + node + "' to " + registry.push() + " failed (exit "
                        + exit + ")");
            }
        } finally {
            cleanUp(node, ssh, dir, pushImage, log);
        }
    }

    /** Runs a command, each line of its output into the log as it comes; its exit status (-1: none came). */
    private static int follow(SshConnection ssh, String command, byte[] stdin, Duration timeout, BuildLog log) {
        try (RemoteStream out = ssh.stream(command, stdin)) {
            // The node's own timeout ends the command; this only frees the gateway from a node that stopped answering.
            ScheduledFuture<?> guard = WATCHDOG.schedule(out::close, timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            try {
                for (Optional<String> line; (line = out.readLine()).isPresent(); ) {
                    log.line(line.get());
                }
            } catch (SshFailure e) {
                log.line("# the session broke: " + e.getMessage());
                return -1;
            } finally {
                guard.cancel(false);
            }
            Integer exit = out.awaitExit(Duration.ofSeconds(10));
            return exit == null ? -1 : exit;
        }
    }

    /** The directory, the pushed tag (nodes pull the registry's name for it) and any stopped build container. */
    private static void cleanUp(String node, SshConnection ssh, String dir, String pushImage, BuildLog log) {
        try {
            CommandResult r = ssh.run(List.of("sh", "-c", "rm -rf \"$1\"; docker image rm \"$2\" >/dev/null 2>&1; true",
                    "clean-up", dir, pushImage), Duration.ofSeconds(60));
            if (!r.ok()) {
                log.line("# clean-up on node " + node + " failed: " + firstLine(r.stderr()));
            }
        } catch (SshFailure e) {
            log.line("# clean-up on node " + node + " failed: " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }
}
