package faastestbed.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import faastestbed.node.testkit.TestCluster;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The registry image on its own: it refuses to start without a push password, keeps the password out of the image
 * and of its processes' environment, and exits when either of its two sides (pull :5000, push :5001) ends.
 */
class RegistryContainerTest {

    private static final String IMAGE = System.getProperty(TestCluster.IMAGE_PREFIX_PROPERTY,
            TestCluster.DEFAULT_IMAGE_PREFIX) + "/registry:latest";

    @Test
    void refusesToStartWithoutAPushPassword() throws Exception {
        TestCluster.requireImage(IMAGE);
        DockerClient docker = DockerClientFactory.instance().client();
        String id = docker.createContainerCmd(IMAGE).withLabels(java.util.Map.of(TestCluster.LABEL, "registry-test"))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            Integer code = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(30, TimeUnit.SECONDS);
            assertEquals(64, code, "exit status without REGISTRY_PUSH_PASSWORD");
            assertTrue(logs(docker, id).contains("REGISTRY_PUSH_PASSWORD is empty"), logs(docker, id));
        } finally {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        }
    }

    @Test
    void passwordIsNotInTheImage() {
        TestCluster.requireImage(IMAGE);
        List<String> env = List.of(DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec()
                .getConfig().getEnv());
        assertFalse(env.stream().anyMatch(e -> e.startsWith("REGISTRY_PUSH_PASSWORD")), "image env: " + env);
    }

    @Test
    void exitsWhenEitherSideDies() throws Exception {
        for (String side : List.of("config-push.yml", "config-pull.yml")) {
            try (GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withEnv("REGISTRY_PUSH_PASSWORD", "test-password")
                    .withExposedPorts(TestCluster.REGISTRY_PORT, TestCluster.REGISTRY_PUSH_PORT)
                    .withLabel(TestCluster.LABEL, "registry-test")
                    .withImagePullPolicy(n -> false)
                    .waitingFor(Wait.forHealthcheck())) {
                registry.start();
                // The processes keep no password in their environment (the entrypoint unsets it first).
                String environ = registry.execInContainer("bash", "-c",
                        "for p in /proc/[0-9]*; do [ \"${p#/proc/}\" != $$ ] && grep -q docker-registry $p/cmdline 2>/dev/null"
                                + " && tr '\\0' '\\n' < $p/environ; done").getStdout();
                assertFalse(environ.contains("test-password"), "registry processes' environment: " + environ);
                assertTrue(registry.execInContainer("cat", "/run/registry/htpasswd").getStdout()
                        .startsWith(TestCluster.REGISTRY_PUSH_USER + ":$2y$"), "bcrypt htpasswd entry");

                registry.execInContainer("bash", "-c", "for p in /proc/[0-9]*; do [ \"${p#/proc/}\" != $$ ] && grep -q " + side
                        + " $p/cmdline 2>/dev/null && kill ${p#/proc/}; done");
                DockerClient docker = DockerClientFactory.instance().client();
                Integer code = docker.waitContainerCmd(registry.getContainerId())
                        .exec(new WaitContainerResultCallback()).awaitStatusCode(30, TimeUnit.SECONDS);
                assertNotEquals(0, code, side + ": exit status");
                assertTrue(registry.getLogs().contains("side exited"), registry.getLogs());
            }
        }
    }

    private static String logs(DockerClient docker, String id) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new com.github.dockerjava.api.async
                .ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload()));
            }
        }).awaitCompletion(10, TimeUnit.SECONDS);
        return out.toString();
    }
}
