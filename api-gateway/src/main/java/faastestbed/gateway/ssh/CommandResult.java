package faastestbed.gateway.ssh;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Outcome of one remote command.
 *
 * @param exitCode   the command's exit status
 * @param out        standard output byte for byte, cut at the caller's limit ({@link SshConnection#MAX_OUTPUT} unless given)
 * @param stderr     standard error, cut at {@link SshConnection#MAX_OUTPUT} characters
 * @param sessionMs  time to open the SSH session (channel) on the kept connection
 * @param durationMs time from sending the command to its exit status arriving
 */
public record CommandResult(int exitCode, byte[] out, String stderr, long sessionMs, long durationMs) {
    public CommandResult(int exitCode, String stdout, String stderr, long sessionMs, long durationMs) {
        this(exitCode, stdout.getBytes(StandardCharsets.UTF_8), stderr, sessionMs, durationMs);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    public String stdout() {
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandResult r && r.exitCode == exitCode && Arrays.equals(r.out, out)
                && r.stderr.equals(stderr) && r.sessionMs == sessionMs && r.durationMs == durationMs;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(out) + exitCode;
    }

    @Override
    public String toString() {
        return "CommandResult[exitCode=" + exitCode + ", out=" + out.length + " bytes, stderr=" + stderr + "]";
    }
}
