package faastestbed.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.NodeSsh;
import faastestbed.node.testkit.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The registry takes pushes only with the push password: anonymous pushes are refused on the push port (401) and on
 * the port nodes pull from (read-only, 405), nodes still pull without credentials, and neither a node nor a function
 * container running on it can replace an image. Real registry, one real node.
 */
class RegistryPushAuthTest {

    private static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestCluster cluster;
    private static NodeHandle node;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.builder().nodes(1).functions("fib-native", "fib-python").start();
        node = cluster.node("node1");
        System.out.printf("registry test cluster up in %d ms, pushed %s with the password in %d ms%n",
                cluster.startupTime().toMillis(), cluster.pushedFunctions(), cluster.pushTime().toMillis());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    // Anonymous pushes from the host

    @Test
    void anonymousPushToThePushPortIsRefusedWith401() throws Exception {
        String push = "http://" + cluster.registryHostAddress();
        HttpResponse<String> v2 = get(push + "/v2/", null);
        assertEquals(401, v2.statusCode(), "anonymous /v2/ on the push port: " + v2.body());
        assertTrue(v2.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic "),
                "asks for basic auth: " + v2.headers().map());
        assertEquals(401, send("POST", push + "/v2/evil/blobs/uploads/", null).statusCode(), "start an upload");
        assertEquals(401, send("PUT", push + "/v2/fib-python/manifests/latest", null).statusCode(), "put a manifest");
        assertEquals(401, get(push + "/v2/", basic(TestCluster.REGISTRY_PUSH_USER, "wrong")).statusCode(),
                "wrong password");

        // The same through the host engine: a real `docker push` without credentials, and one with a wrong password.
        String error = enginePush("fib-native", cluster.registryHostAddress() + "/evil", null);
        assertNotNull(error, "anonymous docker push to the push port must fail");
        assertTrue(error.toLowerCase().contains("auth"), error);
        AuthConfig wrong = new AuthConfig().withUsername(TestCluster.REGISTRY_PUSH_USER).withPassword("wrong")
                .withRegistryAddress(cluster.registryHostAddress());
        assertNotNull(enginePush("fib-native", cluster.registryHostAddress() + "/evil", wrong),
                "push with a wrong password must fail");
        assertEquals(404, get(pullUrl("/v2/evil/tags/list"), null).statusCode(), "nothing named evil was stored");
    }

    @Test
    void anonymousPushToThePullPortIsRefusedBecauseItIsReadOnly() throws Exception {
        String digestBefore = manifestDigest("fib-python");
        assertEquals(405, send("POST", pullUrl("/v2/evil/blobs/uploads/"), null).statusCode(), "start an upload");
        assertEquals(405, send("PUT", pullUrl("/v2/fib-python/manifests/latest"), "{}").statusCode(),
                "put a manifest");
        assertEquals(405, send("DELETE", pullUrl("/v2/fib-python/manifests/" + digestBefore), null).statusCode(),
                "delete a manifest");

        // Replacing another function's image through the host engine: fib-native's content as fib-python:latest.
        String address = "localhost:" + cluster.registryPullHostPort();
        String error = enginePush("fib-native", address + "/fib-python", null);
        assertNotNull(error, "push to the read-only port must fail");
        assertEquals(digestBefore, manifestDigest("fib-python"), "fib-python:latest is unchanged");
    }

    // Pushes with the password, pulls without

    @Test
    void pushWithThePasswordWorksAndIsServedOnThePullPort() throws Exception {
        assertTrue(cluster.pushedFunctions().containsAll(java.util.List.of("fib-native", "fib-python")),
                "pushed at start with the password: " + cluster.pushedFunctions());
        long t0 = System.nanoTime();
        assertNull(enginePush("fib-native", cluster.registryHostAddress() + "/pushed-again", cluster.registryPushAuth()),
                "push with the password");
        System.out.printf("authenticated push of fib-native (1.5 MB) to a new repository: %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        HttpResponse<String> tags = get(pullUrl("/v2/pushed-again/tags/list"), null);
        assertEquals(200, tags.statusCode(), "anonymous read on the pull port: " + tags.body());
        assertTrue(tags.body().contains("\"latest\""), tags.body());
        assertEquals(manifestDigest("fib-native"), manifestDigest("pushed-again"), "same image");
        HttpResponse<String> authed = get("http://" + cluster.registryHostAddress() + "/v2/pushed-again/tags/list",
                basic(TestCluster.REGISTRY_PUSH_USER, cluster.registryPushPassword()));
        assertEquals(200, authed.statusCode(), "the push side reads with the password too");
    }

    @Test
    void nodePullsAnonymouslyAndHasNoCredentialsToPush() throws Exception {
        try (NodeSsh ssh = node.ssh()) {
            ssh.exec("docker rmi -f " + cluster.registryImage("fib-native") + " >/dev/null 2>&1; true");
            NodeSsh.Result pull = ssh.exec("docker pull -q " + cluster.registryImage("fib-native"));
            assertEquals(0, pull.exitCode(), "node pulls registry:5000 without a login: " + pull);
            NodeSsh.Result run = ssh.exec("docker run --rm " + cluster.registryImage("fib-native") + " /fib 20");
            assertEquals(0, run.exitCode(), run.toString());
        }
        // Nothing on the node knows the password: no docker login, not in any process's environment.
        assertEquals("", node.shell("cat /root/.docker/config.json /home/*/.docker/config.json 2>/dev/null; true")
                .strip(), "no stored docker credentials on the node");
        assertFalse(node.shell("cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'; true")
                .contains(cluster.registryPushPassword()), "the push password is in no environment on the node");

        // The node's engine tries to overwrite fib-python:latest with fib-native's content: refused.
        String digestBefore = manifestDigest("fib-python");
        NodeSsh.Result push;
        try (NodeSsh ssh = node.ssh()) {
            push = ssh.exec("docker tag " + cluster.registryImage("fib-native") + " registry:5000/fib-python:latest"
                    + " && docker push registry:5000/fib-python:latest");
            ssh.exec("docker rmi registry:5000/fib-python:latest"); // the fake local tag goes again
        }
        assertTrue(push.exitCode() != 0, "push from the node must fail: " + push);
        assertEquals(digestBefore, manifestDigest("fib-python"), "fib-python:latest is unchanged");
    }

    @Test
    void functionContainerCannotPush() throws Exception {
        String registryIp = registryIp();
        String digestBefore = manifestDigest("fib-python");
        // Run inside a function container on the node (it does not resolve "registry", so by address): try to start
        // an upload and to overwrite a manifest on both ports, as anything without the password would.
        String script = String.join("\n",
                "import os, urllib.request, urllib.error",
                "def status(method, url, body=None):",
                "    req = urllib.request.Request(url, data=body, method=method,",
                "        headers={'Content-Type': '" + MANIFEST_V2 + "'})",
                "    try:",
                "        return urllib.request.urlopen(req, timeout=10).status",
                "    except urllib.error.HTTPError as e:",
                "        return e.code",
                "    except OSError:",
                "        return 'unreachable'",
                "for port in (" + TestCluster.REGISTRY_PORT + ", " + TestCluster.REGISTRY_PUSH_PORT + "):",
                "    base = 'http://" + registryIp + ":%d/v2/' % port",
                "    print(port, status('GET', base + 'fib-python/tags/list'),",
                "          status('POST', base + 'evil/blobs/uploads/', b''),",
                "          status('PUT', base + 'fib-python/manifests/latest', b'{}'))",
                "print('env', any('REGISTRY' in k or 'PASSWORD' in k for k in os.environ))");
        String b64 = Base64.getEncoder().encodeToString(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        NodeSsh.Result r;
        try (NodeSsh ssh = node.ssh()) {
            r = ssh.exec("docker run --rm --pull always " + cluster.registryImage("fib-python") + " python3 -c "
                    + "\"import base64; exec(base64.b64decode('" + b64 + "'))\"");
        }
        assertEquals(0, r.exitCode(), r.toString());
        var lines = r.stdout().lines().toList();
        // The node's own rules keep function containers off the cluster network altogether (NodeHardeningTest);
        // without them the pull port would answer 200/405/405 and the push port 401 three times (tests above).
        assertEquals(TestCluster.REGISTRY_PORT + " unreachable unreachable unreachable", lines.get(0),
                "pull port: a function does not reach it at all: " + r);
        assertEquals(TestCluster.REGISTRY_PUSH_PORT + " unreachable unreachable unreachable", lines.get(1),
                "push port: a function does not reach it at all: " + r);
        assertEquals("env False", lines.get(2), "no registry credentials in the function's environment");
        assertEquals(digestBefore, manifestDigest("fib-python"), "fib-python:latest is unchanged");
    }

    // Helpers

    private static String pullUrl(String path) {
        return "http://localhost:" + cluster.registryPullHostPort() + path;
    }

    private static String manifestDigest(String repository) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(pullUrl("/v2/" + repository
                        + "/manifests/latest"))).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", MANIFEST_V2).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "manifest of " + repository);
        return r.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", MANIFEST_V2)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** Pushes {@code <prefix>/<function>:latest} as {@code <repository>:latest} through the host engine; the error or null. */
    private static String enginePush(String function, String repository, AuthConfig auth) throws Exception {
        DockerClient docker = DockerClientFactory.instance().client();
        docker.tagImageCmd(cluster.image(function), repository, "latest").withForce().exec();
        try {
            var cmd = docker.pushImageCmd(repository).withTag("latest");
            if (auth != null) {
                cmd.withAuthConfig(auth);
            }
            String[] error = new String[1];
            ResultCallback.Adapter<PushResponseItem> cb = cmd.exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(PushResponseItem item) {
                    if (item.getErrorDetail() != null) {
                        error[0] = item.getErrorDetail().getMessage();
                    } else if (item.getError() != null) {
                        error[0] = item.getError();
                    }
                }
            });
            try {
                assertTrue(cb.awaitCompletion(5, TimeUnit.MINUTES), "push of " + repository + " timed out");
            } catch (RuntimeException e) {
                return e.toString(); // docker-java reports some refusals by throwing from the stream
            }
            return error[0];
        } catch (RuntimeException e) {
            return e.toString();
        } finally {
            docker.removeImageCmd(repository + ":latest").withNoPrune(true).exec();
        }
    }

    private static String registryIp() {
        InspectContainerResponse info = DockerClientFactory.instance().client()
                .inspectContainerCmd(cluster.registryContainer().getContainerId()).exec();
        return info.getNetworkSettings().getNetworks().values().stream()
                .filter(net -> cluster.network().getId().equals(net.getNetworkID()))
                .map(net -> net.getIpAddress()).findFirst().orElseThrow();
    }
}
