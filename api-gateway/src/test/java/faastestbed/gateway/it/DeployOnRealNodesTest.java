package faastestbed.gateway.it;

import faastestbed.gateway.build.TarGz;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.TestCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploy from source on a real node: a Python handler and an executable built on the node's own engine from the base
 * image, pushed with the registry's password and invoked; a Dockerfile whose RUN fails ends with the log's tail; bad
 * archives never reach a node.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "functions", value = "base"), @ResourceArg(name = "nodes", value = "1")})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployOnRealNodesTest {
    static TestCluster cluster;
    static NodeHandle node1;

    @BeforeAll
    static void cluster() {
        cluster = ClusterResource.cluster;
        node1 = cluster.node("node1");
    }

    @Test
    @Order(1)
    void registersTheNode() {
        given().contentType(ContentType.JSON).body(Map.of("name", node1.name(), "host", node1.sshHost(), "port",
                node1.sshPort(), "username", node1.username(), "privateKey", node1.privateKeyPem()))
                .post("/nodes/register").then().statusCode(201);
    }

    @Test
    @Order(5)
    void badArchivesAndRegistrationsAreRefusedBeforeAnyNodeIsTouched() {
        deploy("name=x", "not a tar.gz".getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                .contentType(ContentType.JSON).body("error", containsString("tar.gz"));
        deploy("name=x", new TarGz().file("handler.py", "x", 0644).file("../evil.py", "x", 0644).bytes())
                .then().statusCode(400).body("error", containsString("'..'"));
        deploy("name=x", new TarGz().file("/abs/handler.py", "x", 0644).bytes())
                .then().statusCode(400).body("error", containsString("absolute path"));
        deploy("name=x", new TarGz().file("handler.py", "x", 0644).link("out", "../../root", true).bytes())
                .then().statusCode(400).body("error", containsString("points outside the archive"));
        deploy("name=x", TarGz.of("README.md", "no handler")).then().statusCode(400)
                .body("error", containsString("no Dockerfile, handler.py or handler"));
        deploy("name=x", TarGz.of("Dockerfile", "FROM scratch\n")).then().statusCode(400)
                .body("error", containsString("needs command"));
        deploy("", TarGz.of("handler.py", "x")).then().statusCode(400).body("error", containsString("name is required"));
        deploy("name=bad%20name", TarGz.of("handler.py", "x")).then().statusCode(400)
                .body("error", containsString("function name"));
        deploy("name=x&memoryMb=lots", TarGz.of("handler.py", "x")).then().statusCode(400)
                .body("error", containsString("memoryMb must be a whole number"));
        given().get("/builds/no-such-build").then().statusCode(404).body("error", containsString("no build"));
        assertEquals("", node1.shell("docker image ls --format '{{.Repository}}' | grep deployed || true").strip(),
                "nothing was built");
    }

    @Test
    @Order(10)
    void aPythonHandlerIsBuiltPushedRegisteredAndAnswers() {
        byte[] folder = TarGz.of("handler.py", "import helper\n\ndef handle(body):\n    return helper.greet(body)\n",
                "helper.py", "def greet(body):\n    return b'hello ' + body\n");
        Response accepted = deploy("name=hello&memoryMb=64&timeoutSeconds=30", folder);
        accepted.then().statusCode(202).body("status", equalTo("queued")).body("kind", equalTo("python"))
                .body("image", startsWith("registry:5000/deployed/hello:b"))
                .header("Location", containsString("/builds/" + accepted.jsonPath().getString("buildId")));
        Response done = awaitBuild(accepted.jsonPath().getString("buildId"));
        done.then().body("status", equalTo("ok")).body("node", equalTo("node1")).body("error", equalTo(null));
        assertTrue(done.jsonPath().getLong("buildMs") >= 0 && done.jsonPath().getLong("pushMs") >= 0);
        String log = given().get("/builds/" + done.jsonPath().getString("buildId") + "/log").then().statusCode(200)
                .contentType(containsString("text/plain")).header("X-Build-Status", "ok").extract().asString();
        assertTrue(log.contains("FROM registry:5000/base:latest") && log.contains("digest: sha256:"), log);
        given().get("/builds/" + done.jsonPath().getString("buildId") + "/log?from=" + (log.length() - 5))
                .then().statusCode(200).body(equalTo(log.substring(log.length() - 5)));

        given().get("/functions/hello").then().statusCode(200).body("memoryMb", equalTo(64))
                .body("image", equalTo(done.jsonPath().getString("image")));
        invoke("hello", "", "world").then().statusCode(200).body("status", equalTo("ok"))
                .body("output", equalTo("hello world")).body("path", equalTo("handler"));
        invoke("hello", "?path=exec", "exec").then().statusCode(200).body("status", equalTo("ok"))
                .body("output", equalTo("hello exec"));
        assertLeftNothingOnTheNode();
    }

    @Test
    @Order(20)
    void deployingTheSameNameAgainReplacesItWithANewImage() {
        String before = given().get("/functions/hello").then().extract().path("image");
        Response done = awaitBuild(deploy("name=hello", TarGz.of("handler.py", "def handle(body):\n    return 'v2 ' + body.decode()\n"))
                .then().statusCode(202).extract().path("buildId"));
        done.then().body("status", equalTo("ok"));
        String after = given().get("/functions/hello").then().extract().path("image");
        assertNotEquals(before, after, "a new tag, so nodes pull the new image");
        invoke("hello", "", "again").then().statusCode(200).body("output", equalTo("v2 again"));
    }

    @Test
    @Order(30)
    void anExecutableRunsUnderTheWatchdog() {
        byte[] folder = new TarGz().file("handler", "#!/bin/sh\nprintf 'sh got %s' \"$(cat)\"\n", 0644).bytes();
        Response done = awaitBuild(deploy("name=shell", folder).then().statusCode(202).body("kind", equalTo("executable"))
                .extract().path("buildId"));
        done.then().body("status", equalTo("ok"));
        invoke("shell", "", "bytes").then().statusCode(200).body("output", equalTo("sh got bytes"));
    }

    @Test
    @Order(40)
    void aFailingBuildEndsFailedWithTheLogTailAndRegistersNothing() {
        // The RUN step is the tenant's code: it must reach neither the registry (pull and push ports) nor a node's sshd.
        byte[] folder = TarGz.of("Dockerfile", "FROM registry:5000/base:latest\n"
                + "RUN for t in registry/5000 registry/5001 node1/22 127.0.0.1/22; do (timeout 3 bash -c \"</dev/tcp/$t\")"
                + " 2>/dev/null && echo \"REACHED $t\" || echo \"unreachable $t\"; done; echo about to fail && exit 3\n");
        Response done = awaitBuild(deploy("name=broken&command=/bin/true", folder).then().statusCode(202)
                .body("kind", equalTo("dockerfile")).extract().path("buildId"));
        done.then().body("status", equalTo("failed"))
                .body("error", containsString("docker build on node 'node1' failed"))
                .body("error", containsString("last "))
                .body("error", containsString("about to fail"))
                .body("error", containsString("returned a non-zero code: 3"))
                .body("error", containsString("unreachable registry/5001"))
                .body("error", containsString("unreachable node1/22"))
                .body("error", not(matchesPattern("(?s).*REACHED [a-z0-9].*")))  // the log echoes the command's "REACHED $t"
                .body("pushMs", equalTo(null));
        given().get("/functions/broken").then().statusCode(404);
        assertLeftNothingOnTheNode();
    }

    private static void assertLeftNothingOnTheNode() {
        assertEquals("", node1.shell("docker image ls --format '{{.Repository}}' | grep '^registry:5001/' || true").strip(),
                "the pushed tag is gone");
        assertEquals("", node1.shell("find \"$(dirname \"$(mktemp -u)\")\" -maxdepth 1 -name 'faas-*'").strip(),
                "no build directory or docker config left");
    }

    static Response deploy(String query, byte[] body) {
        return given().contentType("application/gzip").body(body).post("/functions/deploy" + (query.isEmpty() ? "" : "?" + query));
    }

    static Response invoke(String function, String query, String payload) {
        return given().contentType(ContentType.BINARY).body(payload.getBytes(StandardCharsets.UTF_8))
                .post("/functions/invoke/" + function + query);
    }

    static Response awaitBuild(String id) {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (true) {
            Response r = given().get("/builds/" + id);
            r.then().statusCode(200);
            String status = r.jsonPath().getString("status");
            if (status.equals("ok") || status.equals("failed")) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("build " + id + " still " + status + " after 5 min: " + r.asString());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
