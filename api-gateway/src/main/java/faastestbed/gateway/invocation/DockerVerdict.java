package faastestbed.gateway.invocation;

import faastestbed.gateway.ssh.CommandResult;
import faastestbed.gateway.ssh.ShellQuote;

/**
 * Whose failure a failed {@code docker run -i} or {@code docker exec -i} of a function is. On those paths stderr
 * carries docker's messages and the function's own stderr alike, so docker's words only raise a claim; the platform
 * is blamed (a 502, a retry elsewhere, a node out of scheduling, a row saying platform) only when a probe that runs
 * nothing of the function confirms it. A failure without docker's words costs no probe.
 */
final class DockerVerdict {
    private DockerVerdict() {
    }

    /** What docker's words in a failed call's stderr claim. */
    enum Claim {
        /** Nothing of docker's: the function failed. */
        NONE,
        /** The engine did not answer. */
        ENGINE_UNREACHABLE,
        /** The engine refused the request: the container could not be created or started, or is not there. */
        REFUSED,
        /** A run lost its running container (the engine went away while the function ran). */
        LOST_WAIT
    }

    /**
     * What the probe found.
     *
     * @param engineAnswers the node's engine answered
     * @param ran           a run: the engine's event log shows the call's container started; an exec: the container
     *                      runs. Either way the function's process had a place to run, so docker's words were its own.
     */
    record Probe(boolean engineAnswers, boolean ran) {
        /** No answer (the probe timed out, its session failed, or the engine refused to talk). */
        static final Probe SILENT = new Probe(false, false);
    }

    /**
     * @param platform    the platform failed, not the function
     * @param beforeStart nothing of the function ran: it may run on another node
     * @param engineDown  the node's engine does not answer: out of scheduling
     */
    record Verdict(boolean platform, boolean beforeStart, boolean engineDown) {
        static final Verdict FUNCTION = new Verdict(false, false, false);
    }

    /**
     * docker run exits 125 when it failed itself (126 and 127: the function's command could not be run, which is the
     * function's), so a run that exited otherwise is the function's whatever it printed. An exec's own failures exit
     * 1 like most functions: the words alone raise the claim, the probe settles it.
     */
    static Claim claim(CommandResult r, boolean run) {
        if (r.ok() || (run && r.exitCode() != 125)) {
            return Claim.NONE;
        }
        String err = r.stderr().strip();
        if (DockerCommands.mentionsEngineUnreachable(err)) {
            // Anywhere, not only first: the engine may die after the function wrote to stderr.
            return Claim.ENGINE_UNREACHABLE;
        }
        if (run && err.contains("error waiting for container")) {
            return Claim.LOST_WAIT;
        }
        if (err.startsWith("Error response from daemon") || err.startsWith("Error: No such container")
                || (run && err.startsWith("docker: "))) {
            return Claim.REFUSED;
        }
        return Claim.NONE;
    }

    /**
     * The verdict once the probe answered. A restarted engine forgets its events, so a run's start found in the log
     * means the engine was there all along and the words were the function's.
     */
    static Verdict decide(Claim claim, CommandResult r, boolean run, Probe p) {
        // A run whose stderr opens with docker's words printed nothing of the function before failing.
        boolean before = run && !r.stderr().contains("error waiting for container")
                && startsWithDockersWords(r.stderr().strip());
        return switch (claim) {
            case NONE -> Verdict.FUNCTION;
            case ENGINE_UNREACHABLE, REFUSED, LOST_WAIT -> {
                if (!p.engineAnswers()) {
                    yield new Verdict(true, before, true);
                }
                yield p.ran() ? Verdict.FUNCTION : new Verdict(true, before, false);
            }
        };
    }

    private static boolean startsWithDockersWords(String err) {
        return err.startsWith("docker: ") || err.startsWith("Error response from daemon")
                || err.startsWith("Error: No such container") || err.startsWith("Cannot connect to the Docker daemon")
                || err.startsWith("error during connect");
    }

    /**
     * The probe, one docker call that succeeds only if the engine answers: for a run, did the engine see the call's
     * container start ({@code sinceS} back covers the call; its name is unique per call); for an exec, the state of
     * the container.
     */
    static String probeLine(boolean run, String container, long sinceS) {
        String name = ShellQuote.quote(container);
        return run
                ? "timeout 5 docker events --since " + sinceS + "s --until \"$(date +%s.%N)\" --filter container=" + name
                  + " --filter event=start --format started"
                : "timeout 5 docker inspect --type container --format '{{.State.Status}}' " + name;
    }

    /**
     * What the probe's result says (its stderr is docker's alone): an engine that says the container does not exist
     * answered; any other failure is an engine that did not.
     */
    static Probe parseProbe(CommandResult probe, boolean run) {
        if (probe.exitCode() != 0) {
            return !run && probe.exitCode() == 1 && probe.stderr().contains("No such")
                    ? new Probe(true, false) : Probe.SILENT;
        }
        String out = probe.stdout().strip();
        return new Probe(true, out.lines().anyMatch(run ? "started"::equals : "running"::equals));
    }
}
