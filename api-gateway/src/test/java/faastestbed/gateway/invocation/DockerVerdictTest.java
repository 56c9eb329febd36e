package faastestbed.gateway.invocation;

import faastestbed.gateway.invocation.DockerVerdict.Claim;
import faastestbed.gateway.invocation.DockerVerdict.Probe;
import faastestbed.gateway.invocation.DockerVerdict.Verdict;
import faastestbed.gateway.ssh.CommandResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerVerdictTest {
    private static final String DAEMON_DOWN =
            "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n";
    private static final Probe ENGINE_DOWN = Probe.SILENT;
    private static final Probe RAN = new Probe(true, true);
    private static final Probe ENGINE_UP_NOTHING_RAN = new Probe(true, false);

    private static CommandResult result(int exit, String stderr) {
        return new CommandResult(exit, "", stderr, 0, 5);
    }

    private static Verdict judge(CommandResult r, boolean run, Probe p) {
        return DockerVerdict.decide(DockerVerdict.claim(r, run), r, run, p);
    }

    @Test
    void aFunctionThatPrintsTheEnginesMessageIsTheFunctionsFailureOnceTheEngineAnswers() {
        // exec: exit 1 like docker's own; the words raise a claim, the answering engine refutes it
        CommandResult exec = result(1, DAEMON_DOWN);
        assertEquals(Claim.ENGINE_UNREACHABLE, DockerVerdict.claim(exec, false));
        assertEquals(Verdict.FUNCTION, judge(exec, false, RAN));
        assertEquals(new Verdict(true, false, false), judge(exec, false, ENGINE_UP_NOTHING_RAN),
                "its container is gone, the platform's; but the engine answers: the node stays in");
        // run: docker run fails itself with 125 only; exit 1 is the function's without asking the node
        assertEquals(Claim.NONE, DockerVerdict.claim(result(1, DAEMON_DOWN), true));
        assertEquals(Claim.NONE, DockerVerdict.claim(result(1, "Error response from daemon: x\n"), true));
        assertEquals(Claim.NONE, DockerVerdict.claim(result(127, "docker: Error response from daemon: exec: "
                + "\"nope\": executable file not found in $PATH\n"), true), "a command that is not there is the function's");
        // run exiting 125 with docker's words: the engine's log shows its container started, so it ran
        CommandResult run125 = result(125, "docker: Error response from daemon: Conflict.\nSee 'docker run --help'.\n");
        assertEquals(Claim.REFUSED, DockerVerdict.claim(run125, true));
        assertEquals(Verdict.FUNCTION, judge(run125, true, RAN));
        assertEquals(Verdict.FUNCTION, judge(result(125, "docker: " + DAEMON_DOWN), true, RAN));
        assertEquals(Verdict.FUNCTION, judge(result(1, "Error response from daemon: No such container: c\n"), false, RAN),
                "an exec refused by words while its container runs");
    }

    @Test
    void aRealEngineDeathStaysThePlatformsTakesTheNodeOutAndARunThatNeverStartedMayRunElsewhere() {
        assertEquals(new Verdict(true, false, true), judge(result(1, DAEMON_DOWN), false, ENGINE_DOWN),
                "an exec may have been running when the engine died: not retried");
        CommandResult runDown = result(125, "docker: " + DAEMON_DOWN + "See 'docker run --help'.\n");
        assertEquals(new Verdict(true, true, true), judge(runDown, true, ENGINE_DOWN));
        // What docker run 20.10 prints when its engine dies under a running container (seen in the fault suite).
        CommandResult diedMidRun = result(125, "time=\"2026-11-26T05:53:41Z\" level=error msg=\"error waiting for "
                + "container: unexpected EOF\"\n");
        assertEquals(Claim.LOST_WAIT, DockerVerdict.claim(diedMidRun, true));
        assertEquals(new Verdict(true, false, true), judge(diedMidRun, true, ENGINE_DOWN), "the function was running");
        // Already back: a restarted engine has forgotten the start, so the loss stays the platform's, not retried
        assertEquals(new Verdict(true, false, false), judge(diedMidRun, true, ENGINE_UP_NOTHING_RAN));
        // The engine died after the function wrote to stderr: docker's words come last
        CommandResult late = result(1, "working...\n" + DAEMON_DOWN);
        assertEquals(new Verdict(true, false, true), judge(late, false, ENGINE_DOWN));
    }

    @Test
    void aRefusalConfirmedByTheEngineIsThePlatformsWithoutTakingTheNodeOut() {
        CommandResult created = result(125, "docker: Error response from daemon: failed to create shim task: OCI "
                + "runtime create failed\n");
        assertEquals(new Verdict(true, true, false), judge(created, true, ENGINE_UP_NOTHING_RAN));
        CommandResult gone = result(1, "Error response from daemon: Container 3f4e is not running\n");
        assertEquals(new Verdict(true, false, false), judge(gone, false, ENGINE_UP_NOTHING_RAN),
                "an exec is never retried elsewhere");
        assertEquals(new Verdict(true, false, false), judge(result(1, "Error: No such container: c\n"), false,
                ENGINE_UP_NOTHING_RAN));
    }

    @Test
    void failuresWithoutDockersWordsAreTheFunctionsAndAskNothing() {
        assertEquals(Claim.NONE, DockerVerdict.claim(result(0, DAEMON_DOWN), false));
        assertEquals(Claim.NONE, DockerVerdict.claim(result(1, "Traceback (most recent call last):\nValueError\n"), false));
        assertEquals(Claim.NONE, DockerVerdict.claim(result(125, "my own message\n"), true), "a function may exit 125");
        assertEquals(Claim.NONE, DockerVerdict.claim(result(137, ""), false));
        assertEquals(Verdict.FUNCTION, DockerVerdict.decide(Claim.NONE, result(1, ""), false, ENGINE_DOWN));
    }

    @Test
    void theProbeRunsNothingOfTheFunctionAndAnythingButACleanAnswerIsSilence() {
        String run = DockerVerdict.probeLine(true, "faas-once-f-1", 61);
        assertEquals("timeout 5 docker events --since 61s --until \"$(date +%s.%N)\" --filter container='faas-once-f-1' "
                + "--filter event=start --format started", run);
        String exec = DockerVerdict.probeLine(false, "it's", 0);
        assertEquals("timeout 5 docker inspect --type container --format '{{.State.Status}}' 'it'\\''s'", exec);

        assertEquals(RAN, DockerVerdict.parseProbe(new CommandResult(0, "started\n", "", 0, 1), true));
        assertEquals(ENGINE_UP_NOTHING_RAN, DockerVerdict.parseProbe(new CommandResult(0, "", "", 0, 1), true));
        assertEquals(RAN, DockerVerdict.parseProbe(new CommandResult(0, "running\n", "", 0, 1), false));
        assertEquals(ENGINE_UP_NOTHING_RAN, DockerVerdict.parseProbe(new CommandResult(0, "exited\n", "", 0, 1), false));
        assertEquals(ENGINE_UP_NOTHING_RAN, DockerVerdict.parseProbe(new CommandResult(1, "", "Error: No such container: c\n",
                0, 1), false), "the engine answered that the container is not there");
        assertEquals(Probe.SILENT, DockerVerdict.parseProbe(new CommandResult(1, "", "No such container\n", 0, 1), true),
                "a run's probe has no such answer");
        assertEquals(Probe.SILENT, DockerVerdict.parseProbe(new CommandResult(1, "", DAEMON_DOWN, 0, 1), false));
        assertEquals(Probe.SILENT, DockerVerdict.parseProbe(new CommandResult(124, "", "", 0, 1), true), "timed out");
        assertEquals(Probe.SILENT, DockerVerdict.parseProbe(new CommandResult(255, "running", "", 0, 1), false),
                "a probe cut off says nothing");
    }
}
