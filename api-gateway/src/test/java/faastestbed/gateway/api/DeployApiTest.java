package faastestbed.gateway.api;

import faastestbed.gateway.build.TarGz;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** Deploy calls a gateway without a push password answers itself; the builds themselves run on real nodes (it/). */
@QuarkusTest
class DeployApiTest {
    @Test
    void withoutAPushPasswordAValidDeployIsRefusedWith503AndSaysWhatIsMissing() {
        given().contentType("application/gzip").body(TarGz.of("handler.py", "def handle(b): return b\n"))
                .post("/functions/deploy?name=nopass").then().statusCode(503).contentType(ContentType.JSON)
                .body("error", containsString("REGISTRY_PUSH_PASSWORD"));
        given().get("/functions/nopass").then().statusCode(404);
    }

    @Test
    void badInputIs4xxWithAJsonMessageBeforeAnythingElse() {
        given().contentType("application/gzip").body(new byte[0]).post("/functions/deploy?name=x").then()
                .statusCode(400).body("error", containsString("empty"));
        given().contentType("application/octet-stream")
                .body("{\"name\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/functions/deploy?name=x").then().statusCode(400).body("error", containsString("tar.gz"));
        given().contentType("application/gzip").body(TarGz.of("handler.py", "x"))
                .post("/functions/deploy?name=x&timeoutSeconds=1.5").then().statusCode(400)
                .body("error", containsString("timeoutSeconds must be a whole number"));
        given().contentType("application/gzip").body(TarGz.of("handler.py", "x"))
                .post("/functions/deploy?name=x&timeoutSeconds=0").then().statusCode(400)
                .body("error", containsString("timeoutSeconds must be between 1 and 3600"));
        given().contentType("application/gzip").body(TarGz.of("handler.py", "import six\n", "requirements.txt", "six\n"))
                .post("/functions/deploy?name=x").then().statusCode(400)
                .body("error", containsString("no network (testbed.build.network=none)"));
        given().get("/builds/nope").then().statusCode(404).contentType(ContentType.JSON);
        given().get("/builds/nope/log").then().statusCode(404).contentType(ContentType.JSON);
        given().get("/builds?limit=0").then().statusCode(400);
        given().get("/builds?limit=1.5").then().statusCode(400).body("error", containsString("whole number"));
    }
}
