package faastestbed.gateway.ssh;

import net.schmizz.sshj.connection.channel.direct.Session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A long-lived remote command whose standard output is read line by line as it arrives (the node sampler's
 * {@code node-metrics --stream}). One SSH session for its whole life instead of one per line. Closing it closes the
 * session, which unblocks a pending {@link #readLine()} and ends the remote command.
 */
public final class RemoteStream implements AutoCloseable {
    private final String nodeName;
    private final Session session;
    private final Session.Command command;
    private final BufferedReader lines;

    RemoteStream(String nodeName, Session session, Session.Command command) {
        this.nodeName = nodeName;
        this.session = session;
        this.command = command;
        this.lines = new BufferedReader(new InputStreamReader(command.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The next line, blocking until it arrives; empty when the command ended. */
    public Optional<String> readLine() {
        try {
            return Optional.ofNullable(lines.readLine());
        } catch (IOException e) {
            throw new SshFailure(SshFailure.Kind.CHANNEL, "stream from node '" + nodeName + "' broke: " + e.getMessage(), e);
        }
    }

    /** Why the command ended: its exit status and the start of its stderr (call after readLine() came back empty). */
    public String endReason() {
        String err;
        try {
            byte[] bytes = command.getErrorStream().readNBytes(2000);
            err = new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            err = "";
        }
        Integer exit = command.getExitStatus();
        return "exited " + (exit == null ? "without a status" : exit) + (err.isEmpty() ? "" : ": " + err);
    }

    /**
     * The command's exit status once its output ended (call after readLine() came back empty); null when the
     * command was killed by a signal, the channel broke or no status came within {@code wait}.
     */
    public Integer awaitExit(java.time.Duration wait) {
        try {
            command.join(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            return null; // the channel ended without a status
        }
        return command.getExitStatus();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (IOException ignored) {
            // the session may already be gone with its node; nothing more to release
        }
    }
}
