package faastestbed.gateway.invocation;

import faastestbed.gateway.function.FunctionSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerCommandsTest {
    private static final String IMAGE = "registry:5000/fib-python:latest";
    private static final FunctionSpec FIB = new FunctionSpec("fib", IMAGE, List.of("python", "/app/fib.py", "30"),
            FunctionSpec.DEFAULT_KEEP_ALIVE, Instant.EPOCH);

    @Test
    void runOnceNeverPullsByDefault() {
        assertEquals(List.of("docker", "run", "--rm", "-i", "--label", "faas-testbed.function=fib", "--memory", "128m", "--memory-swap", "128m", "--pids-limit", "512", "--oom-score-adj", "1000", 
                "--pull", "never", IMAGE, "python", "/app/fib.py", "30"), DockerCommands.runOnce(FIB, false, 512));
        assertEquals(List.of("docker", "run", "--rm", "-i", "--label", "faas-testbed.function=fib", "--memory", "128m", "--memory-swap", "128m", "--pids-limit", "512", "--oom-score-adj", "1000", 
                "--pull", "missing", IMAGE, "python", "/app/fib.py", "30"), DockerCommands.runOnce(FIB, true, 512));
        assertEquals(List.of("--name", "faas-once-fib-1"), DockerCommands.runOnce(FIB, false, "faas-once-fib-1", 512).subList(4, 6));
    }

    @Test
    void execRunsTheSameArgvInTheWarmContainer() {
        assertEquals("faas-warm-fib", FIB.warmContainerName());
        assertEquals(List.of("docker", "exec", "-i", "faas-warm-fib", "python", "/app/fib.py", "30"), DockerCommands.exec(FIB));
    }

    @Test
    void warmContainerIsLabelledNamedAndKeptAlive() {
        assertEquals(List.of("docker", "run", "-d", "--name", "faas-warm-fib", "--label", "faas-testbed.function=fib",
                "--memory", "128m", "--memory-swap", "128m", "--pids-limit", "512", "--oom-score-adj", "1000", "--restart", "unless-stopped", "--pull", "never", IMAGE, "sleep", "infinity"), DockerCommands.startWarm(FIB, 512));
        FunctionSpec nativeFib = new FunctionSpec("fib-native", "fib-native", List.of("/fib", "30"),
                List.of("/fib", "--idle"), Instant.EPOCH);
        assertEquals(List.of("/fib", "--idle"), DockerCommands.startWarm(nativeFib, 512).subList(20, 22));
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
                "--memory", "128m", "--memory-swap", "128m", "--pids-limit", "512", "--oom-score-adj", "1000", "--pull", "never", "registry:5000/echo:latest", "python3", "/runtime/faas_runtime.py", "/app/handler.py"),
                DockerCommands.startWarm(echo, 512));
        assertEquals(List.of("docker", "run", "-d", "--name", "faas-once-echo-1", "--label", "faas-testbed.function=echo",
                "--memory", "128m", "--memory-swap", "128m", "--pids-limit", "512", "--oom-score-adj", "1000", "--pull", "never", "registry:5000/echo:latest", "python3", "/runtime/faas_runtime.py", "/app/handler.py"),
                DockerCommands.startHandlerOnce(echo, "faas-once-echo-1", 512));
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
        for (List<String> run : List.of(DockerCommands.runOnce(FIB, false, 512), DockerCommands.runOnce(FIB, true, "n", 512),
                DockerCommands.startWarm(FIB, 512), DockerCommands.startWarm(echo, 512), DockerCommands.startHandlerOnce(echo, "n", 512),
                DockerCommands.startPooled(echo, "p", 64, 512))) {
            List<String> options = run.subList(2, run.indexOf(run.contains(IMAGE) ? IMAGE : echo.image()));
            for (String o : options) {
                if (o.startsWith("-")) {
                    assertTrue(DockerCommands.RUN_OPTIONS.contains(o), o + " in " + run);
                }
            }
            assertTrue(options.contains("--memory") && options.contains("--memory-swap"), run.toString());
            assertEquals("512", options.get(options.indexOf("--pids-limit") + 1), run.toString());
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

    @Test
    void thePidsLimitHasAFloor() {
        assertEquals(16, DockerCommands.checkPidsLimit(16));
        assertEquals(512, DockerCommands.checkPidsLimit(DockerCommands.DEFAULT_PIDS_LIMIT));
        assertThrows(IllegalStateException.class, () -> DockerCommands.checkPidsLimit(15));
        assertThrows(IllegalStateException.class, () -> DockerCommands.checkPidsLimit(-1));
    }

    @Test
    void invocationClientsGoBeforeTheEngineWhenTheNodeRunsOutOfMemory() {
        String line = DockerCommands.oomBeforeEngine("'docker' 'exec' '-i' 'c' 'a b'");
        assertEquals("{ echo 500 >/proc/self/oom_score_adj; } 2>/dev/null; exec 'docker' 'exec' '-i' 'c' 'a b'", line);
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
