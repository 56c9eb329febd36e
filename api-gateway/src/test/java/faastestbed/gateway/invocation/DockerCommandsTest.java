package faastestbed.gateway.invocation;

import faastestbed.gateway.function.FunctionSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerCommandsTest {
    private static final String IMAGE = "registry:5000/fib-python:latest";
    private static final FunctionSpec FIB = new FunctionSpec("fib", IMAGE, List.of("python", "/app/fib.py", "30"),
            FunctionSpec.DEFAULT_KEEP_ALIVE, Instant.EPOCH);

    @Test
    void runOnceNeverPullsByDefault() {
        assertEquals(List.of("docker", "run", "--rm", "-i", "--label", "faas-testbed.function=fib", "--memory", "128m", "--memory-swap", "128m", "--oom-score-adj", "1000", 
                "--pull", "never", IMAGE, "python", "/app/fib.py", "30"), DockerCommands.runOnce(FIB, false));
        assertEquals(List.of("docker", "run", "--rm", "-i", "--label", "faas-testbed.function=fib", "--memory", "128m", "--memory-swap", "128m", "--oom-score-adj", "1000", 
                "--pull", "missing", IMAGE, "python", "/app/fib.py", "30"), DockerCommands.runOnce(FIB, true));
        assertEquals(List.of("--name", "faas-once-fib-1"), DockerCommands.runOnce(FIB, false, "faas-once-fib-1").subList(4, 6));
    }

    @Test
    void execRunsTheSameArgvInTheWarmContainer() {
        assertEquals("faas-warm-fib", FIB.warmContainerName());
        assertEquals(List.of("docker", "exec", "-i", "faas-warm-fib", "python", "/app/fib.py", "30"), DockerCommands.exec(FIB));
    }

    @Test
    void warmContainerIsLabelledNamedAndKeptAlive() {
        assertEquals(List.of("docker", "run", "-d", "--name", "faas-warm-fib", "--label", "faas-testbed.function=fib",
                "--memory", "128m", "--memory-swap", "128m", "--oom-score-adj", "1000", "--restart", "unless-stopped", "--pull", "never", IMAGE, "sleep", "infinity"), DockerCommands.startWarm(FIB));
        FunctionSpec nativeFib = new FunctionSpec("fib-native", "fib-native", List.of("/fib", "30"),
                List.of("/fib", "--idle"), Instant.EPOCH);
        assertEquals(List.of("/fib", "--idle"), DockerCommands.startWarm(nativeFib).subList(18, 20));
    }

    @Test
    void housekeepingCommands() {
        assertEquals(List.of("docker", "pull", IMAGE), DockerCommands.pull(IMAGE));
        assertEquals(List.of("docker", "rm", "-f", "faas-warm-fib"), DockerCommands.removeContainer(FIB));
        assertEquals(List.of("docker", "rmi", "-f", IMAGE), DockerCommands.removeImage(IMAGE));
        assertEquals(List.of("docker", "image", "inspect", "--format", "{{.Id}}", IMAGE), DockerCommands.inspectImage(IMAGE));
        assertEquals(List.of("docker", "inspect", "--format", "{{.State.Running}}", "faas-warm-fib"),
                DockerCommands.containerRunning(FIB));
    }

    @Test
    void argvIsNotAliasedToTheSpec() {
        List<String> a = DockerCommands.exec(FIB);
        a.add("extra");
        assertEquals(7, DockerCommands.exec(FIB).size());
    }

    @Test
    void handlerContainersRunTheHandlerAndAreNotRestartedByDocker() {
        FunctionSpec echo = new FunctionSpec("echo", "registry:5000/echo:latest", List.of("python3", "/app/handler.py"),
                FunctionSpec.DEFAULT_KEEP_ALIVE, List.of("python3", "/runtime/faas_runtime.py", "/app/handler.py"), null,
                Instant.EPOCH);
        assertEquals(List.of("docker", "run", "-d", "--name", "faas-warm-echo", "--label", "faas-testbed.function=echo",
                "--memory", "128m", "--memory-swap", "128m", "--oom-score-adj", "1000", "--pull", "never", "registry:5000/echo:latest", "python3", "/runtime/faas_runtime.py", "/app/handler.py"),
                DockerCommands.startWarm(echo));
        assertEquals(List.of("docker", "run", "-d", "--name", "faas-once-echo-1", "--label", "faas-testbed.function=echo",
                "--memory", "128m", "--memory-swap", "128m", "--oom-score-adj", "1000", "--pull", "never", "registry:5000/echo:latest", "python3", "/runtime/faas_runtime.py", "/app/handler.py"),
                DockerCommands.startHandlerOnce(echo, "faas-once-echo-1"));
    }

    @Test
    void startAndLocateQuotesEveryArgumentAndParsesIdAndAddress() {
        String line = DockerCommands.startAndLocate(List.of("docker", "run", "-d", "img", "echo", "$(reboot)"));
        assertTrue(line.startsWith("c=$('docker' 'run' '-d' 'img' 'echo' '$(reboot)') || exit $?;"), line);
        var located = DockerCommands.parseLocated("3f4e5a\n172.18.0.3 \n").orElseThrow();
        assertEquals("3f4e5a", located.container());
        assertEquals("172.18.0.3", located.host());
        assertTrue(DockerCommands.parseLocated("3f4e5a\n").isEmpty());
        assertTrue(DockerCommands.parseLocated("").isEmpty());
    }

    @Test
    void removingAllContainersOfAFunctionFiltersByItsLabel() {
        assertEquals("docker ps -aq --filter 'label=faas-testbed.function=fib' | xargs -r docker rm -f >/dev/null",
                DockerCommands.removeAllContainers(FIB));
    }

    @Test
    void everyFunctionContainerHasAMemoryLimitAndNothingThatWidensWhatItMayDo() {
        FunctionSpec echo = new FunctionSpec("echo", "registry:5000/echo:latest", List.of("python3", "/app/handler.py"),
                FunctionSpec.DEFAULT_KEEP_ALIVE, List.of("python3", "/runtime/faas_runtime.py", "/app/handler.py"), null,
                Instant.EPOCH);
        for (List<String> run : List.of(DockerCommands.runOnce(FIB, false), DockerCommands.runOnce(FIB, true, "n"),
                DockerCommands.startWarm(FIB), DockerCommands.startWarm(echo), DockerCommands.startHandlerOnce(echo, "n"),
                DockerCommands.startPooled(echo, "p", 64))) {
            List<String> options = run.subList(2, run.indexOf(run.contains(IMAGE) ? IMAGE : echo.image()));
            for (String o : options) {
                if (o.startsWith("-")) {
                    assertTrue(DockerCommands.RUN_OPTIONS.contains(o), o + " in " + run);
                }
            }
            assertTrue(options.contains("--memory") && options.contains("--memory-swap"), run.toString());
            assertEquals("1000", options.get(options.indexOf("--oom-score-adj") + 1), run.toString());
        }
    }

    @Test
    void strayContainersAreThoseOfFunctionsNotRegistered() {
        String listing = "3f4e5a fib\n9a8b7c echo\n1c2d3e gone\n\n4f5e6d \n";
        assertEquals(List.of("1c2d3e", "4f5e6d"), DockerCommands.strays(listing, java.util.Set.of("fib", "echo")));
        assertEquals(List.of(), DockerCommands.strays("", java.util.Set.of()));
        assertEquals(List.of("docker", "ps", "-a", "--filter", "label=faas-testbed.function", "--format",
                "{{.ID}} {{.Label \"faas-testbed.function\"}}"), DockerCommands.listOurContainers());
    }

    private static faastestbed.gateway.ssh.CommandResult result(int exit, String stderr) {
        return new faastestbed.gateway.ssh.CommandResult(exit, "", stderr, 0, 5);
    }

    @Test
    void dockerFailuresArePlatformFailuresAndOnlyThoseOfARunBeforeItsContainerStartedAreRetried() {
        var down = result(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n");
        assertTrue(DockerCommands.dockerFailed(down, false));
        assertFalse(DockerCommands.dockerFailedBeforeStart(down, false), "an exec may have been running when the engine died");
        assertTrue(DockerCommands.dockerFailedBeforeStart(down, true), "a run that never reached the engine started nothing");
        assertTrue(DockerCommands.saysEngineUnreachable(down.stderr()));

        var created = result(125, "docker: Error response from daemon: failed to create shim task: OCI runtime create failed\n");
        assertTrue(DockerCommands.dockerFailedBeforeStart(created, true));
        var lostWhileWaiting = result(125, "docker: error waiting for container: unexpected EOF\n");
        assertTrue(DockerCommands.dockerFailed(lostWhileWaiting, true));
        assertFalse(DockerCommands.dockerFailedBeforeStart(lostWhileWaiting, true), "the function was running");

        // What docker run 20.10 prints when its engine dies under a running container (seen in the fault suite).
        var engineDiedMidRun = result(125, "time=\"2026-11-26T05:53:41Z\" level=error msg=\"error waiting for container: "
                + "unexpected EOF\"\n");
        assertTrue(DockerCommands.dockerFailed(engineDiedMidRun, true));
        assertFalse(DockerCommands.dockerFailedBeforeStart(engineDiedMidRun, true), "the function was running");
        var own125 = result(125, "my own message\n");
        assertFalse(DockerCommands.dockerFailed(own125, true), "a function may exit 125 itself");
        assertFalse(DockerCommands.dockerFailed(own125, false));
        var mentions = result(1, "retrying...\nerror during connect: my upstream API is down\nCannot connect to the Docker daemon\n");
        assertFalse(DockerCommands.dockerFailed(mentions, false), "a function's output that mentions docker's words");
        assertFalse(DockerCommands.saysEngineUnreachable(mentions.stderr()));
        var fn = result(1, "Traceback (most recent call last):\nValueError\n");
        assertFalse(DockerCommands.dockerFailed(fn, true));
        assertFalse(DockerCommands.dockerFailed(result(0, ""), true));
        assertTrue(DockerCommands.mentionsEngineUnreachable("docker run -d x on node1 exited 1: Cannot connect to the Docker daemon at unix:///var/run/docker.sock."));
    }

    @Test
    void detectsMissingImage() {
        assertTrue(DockerCommands.saysNoSuchImage("docker: Error response from daemon: No such image: fib-native:latest."));
        assertTrue(DockerCommands.saysNoSuchImage("Unable to find image 'registry:5000/fib-python:latest' locally\n"
                + "docker: Error response from daemon: No such image: registry:5000/fib-python:latest.\n"
                + "See 'docker run --help'."));
        assertTrue(DockerCommands.saysNoSuchImage("docker: Error response from daemon: pull access denied for x, "
                + "repository does not exist or may require 'docker login'."));
        assertFalse(DockerCommands.saysNoSuchImage(""));
        assertFalse(DockerCommands.saysNoSuchImage("docker: Error response from daemon: Conflict. The container name is already in use."));
        assertFalse(DockerCommands.saysNoSuchImage("Traceback (most recent call last):\nValueError: bad input"));
    }

    @Test
    void detectsMissingWarmContainer() {
        assertTrue(DockerCommands.saysNoRunningContainer("Error: No such container: faas-warm-fib"));
        assertTrue(DockerCommands.saysNoRunningContainer("Error response from daemon: No such container: faas-warm-fib"));
        assertTrue(DockerCommands.saysNoRunningContainer(
                "Error response from daemon: Container 3f4e5a6b7c8d is not running"));
        assertTrue(DockerCommands.saysNoRunningContainer(
                "Error response from daemon: Container 3f4e5a6b7c8d is restarting, wait until the container is running"));
        assertFalse(DockerCommands.saysNoRunningContainer(""));
        assertFalse(DockerCommands.saysNoRunningContainer("OCI runtime exec failed: exec failed: unable to start container "
                + "process: exec: \"python\": executable file not found in $PATH: unknown"));
    }

    @Test
    void detectsPullOfAnImageAlreadyPresent() {
        assertTrue(DockerCommands.pullFoundImagePresent("latest: Pulling from fib-python\n"
                + "Digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
                + "Status: Image is up to date for registry:5000/fib-python:latest\n"
                + "registry:5000/fib-python:latest"));
        assertFalse(DockerCommands.pullFoundImagePresent("latest: Pulling from fib-python\n"
                + "a1b2c3: Pull complete\n"
                + "Status: Downloaded newer image for registry:5000/fib-python:latest\n"
                + "registry:5000/fib-python:latest"));
        assertFalse(DockerCommands.pullFoundImagePresent(""));
    }
}
