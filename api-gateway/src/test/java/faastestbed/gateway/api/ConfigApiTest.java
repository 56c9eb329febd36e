package faastestbed.gateway.api;

import faastestbed.common.model.ExecutionMode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/** GET/PUT /config and POST /cluster/reset with no nodes. Every test restores the settings it found. */
@QuarkusTest
class ConfigApiTest {
    private Map<String, Object> before;

    @BeforeEach
    void remember() {
        before = given().get("/config").then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @AfterEach
    void restore() {
        Map<String, Object> back = new HashMap<>();
        for (String k : List.of("policy", "mode", "preparedNodes", "runId", "cell")) {
            back.put(k, before.get(k));
        }
        put(back).then().statusCode(200);
        given().get("/config").then().body("policy", equalTo(before.get("policy"))).body("mode", equalTo(before.get("mode")));
    }

    private static Response put(Object body) {
        return given().contentType(ContentType.JSON).body(body).put("/config");
    }

    @Test
    void showsPolicyModeAndChoices() {
        given().get("/config").then().statusCode(200).contentType(ContentType.JSON)
                .body("policy", notNullValue())
                .body("mode", notNullValue())
                .body("preparedNodes", equalTo(0))
                .body("runId", notNullValue())
                .body("policies", hasItems("round-robin", "least-used", "most-used", "warmed-first", "hash-affinity",
                        "power-of-two", "fewest-in-flight"))
                .body("modes", equalTo(List.of("cold", "pre-warmed", "warmed", "dynamic")))
                .body("keepAlive", equalTo("fixed-ttl"))
                .body("keepAlives", equalTo(List.of("fixed-ttl", "greedy-dual", "hybrid-histogram", "lru", "none")));
    }

    @ConfigProperty(name = "testbed.policy")
    String configuredPolicy;
    @ConfigProperty(name = "testbed.mode")
    String configuredMode;

    @Test
    void startsWithTheConfiguredDefaults() {
        // the restore after every test keeps the start values in place for this check
        given().get("/config").then().body("policy", equalTo(configuredPolicy.trim()))
                .body("mode", equalTo(ExecutionMode.parse(configuredMode).orElseThrow().id()));
    }

    @Test
    void changesPolicy() {
        put(Map.of("policy", "least-used")).then().statusCode(200).body("policy", equalTo("least-used"))
                .body("mode", equalTo(before.get("mode"))).body("preparation", empty());
        given().get("/config").then().body("policy", equalTo("least-used"));
        put(Map.of("policy", " most-used ")).then().statusCode(200).body("policy", equalTo("most-used"));
    }

    @Test
    void selectsAPolicyDefinedInTheGatewayByName() {
        put(Map.of("policy", "fewest-in-flight")).then().statusCode(200).body("policy", equalTo("fewest-in-flight"));
    }

    @Test
    void changesModeAndPreparedNodes() {
        put(Map.of("mode", "cold", "preparedNodes", 2)).then().statusCode(200)
                .body("mode", equalTo("cold")).body("preparedNodes", equalTo(2)).body("preparation", empty());
        put(Map.of("mode", "Pre-warmed")).then().statusCode(200).body("mode", equalTo("pre-warmed"));
        given().get("/config").then().body("mode", equalTo("pre-warmed")).body("preparedNodes", equalTo(2));
    }

    @Test
    void changesRunIdAndCell() {
        put(Map.of("runId", "exp-1", "cell", "rr/cold:1")).then().statusCode(200)
                .body("runId", equalTo("exp-1")).body("cell", equalTo("rr/cold:1"));
        put(Map.of("runId", "a b")).then().statusCode(400).body("error", containsString("runId"));
        put(Map.of("cell", "$(id)")).then().statusCode(400).body("error", containsString("cell"));
    }

    @Test
    void unknownPolicyIs400ListingTheKnownOnes() {
        put(Map.of("policy", "fastest")).then().statusCode(400).contentType(ContentType.JSON)
                .body("error", containsString("unknown policy 'fastest'"))
                .body("error", containsString("round-robin"))
                .body("error", containsString("least-used"))
                .body("error", containsString("most-used"))
                .body("error", containsString("warmed-first"));
    }

    @Test
    void unknownModeIs400ListingTheKnownOnes() {
        put(Map.of("mode", "lukewarm")).then().statusCode(400)
                .body("error", containsString("unknown mode 'lukewarm'"))
                .body("error", containsString("cold, pre-warmed, warmed"));
    }

    @Test
    void negativePreparedNodesIs400() {
        put(Map.of("preparedNodes", -1)).then().statusCode(400).body("error", containsString("preparedNodes must be >= 0"));
    }

    @Test
    void aRefusedUpdateChangesNothing() {
        put(Map.of("policy", "most-used", "mode", "bogus")).then().statusCode(400);
        put(Map.of("policy", "most-used", "preparedNodes", -5)).then().statusCode(400);
        given().get("/config").then().body("policy", equalTo(before.get("policy")))
                .body("mode", equalTo(before.get("mode"))).body("preparedNodes", equalTo(before.get("preparedNodes")));
    }

    @Test
    void missingOrMalformedBodyIs400() {
        given().contentType(ContentType.JSON).put("/config").then().statusCode(400).body("error", containsString("JSON body"));
        put("{\"policy\": ").then().statusCode(400).body("error", containsString("malformed JSON body"));
        put("{\"preparedNodes\": \"many\"}").then().statusCode(400).body("error", containsString("preparedNodes"));
    }

    @Test
    void resetWithNoNodesIsOk() {
        given().post("/cluster/reset").then().statusCode(200).contentType(ContentType.JSON)
                .body("ok", equalTo(true))
                .body("mode", equalTo(before.get("mode")))
                .body("steps", empty())
                .body("durationMs", notNullValue());
        given().contentType(ContentType.JSON).body("{}").post("/cluster/reset").then().statusCode(200).body("ok", equalTo(true));
    }
}
