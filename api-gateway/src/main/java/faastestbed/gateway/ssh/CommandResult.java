package faastestbed.gateway.ssh;

/**
 * Outcome of one remote command.
 *
 * @param exitCode   the command's exit status
 * @param stdout     standard output, cut at {@link SshConnection#MAX_OUTPUT} characters
 * @param stderr     standard error, cut likewise
 * @param sessionMs  time to open the SSH session (channel) on the kept connection
 * @param durationMs time from sending the command to its exit status arriving
 */
public record CommandResult(int exitCode, String stdout, String stderr, long sessionMs, long durationMs) {
    public boolean ok() {
        return exitCode == 0;
    }
}
