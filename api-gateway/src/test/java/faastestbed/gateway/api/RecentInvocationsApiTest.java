package faastestbed.gateway.api;

import faastestbed.common.metrics.ContainerUse;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StartType;
import faastestbed.common.model.StateCheck;
import faastestbed.gateway.metrics.MetricsRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GET /invocations/recent with tokens on: the admin sees every namespace's rows newest first, a namespace's token
 * only its own, and rows written before its namespace existed (an earlier namespace of that name) not at all.
 */
@QuarkusTest
@TestProfile(RecentInvocationsApiTest.TokensOn.class)
class RecentInvocationsApiTest {
    static final String ADMIN = "admin-token-for-the-recent-test";

    public static class TokensOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("testbed.auth.admin-token", ADMIN);
        }
    }

    @Inject
    MetricsRecorder metrics;

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static MetricsRecord row(String function, String id, Instant at) {
        return new MetricsRecord(function, "node1", 10, 20, "Hash Affinity - Dynamic [lru] (handler)", 0.25, at, id,
                "run", "", "hash-affinity", ExecutionMode.DYNAMIC, InvocationStatus.OK, 0, StateCheck.VERIFIED,
                Timings.NONE, InvocationPath.HANDLER, 3.0, 2, 2, new ContainerUse(StartType.WARM, "lru", 0, "c1", 64));
    }

    @Test
    void theAdminSeesEveryRowNewestFirstAndANamespaceOnlyItsOwn() {
        String ns = "rec-" + UUID.randomUUID().toString().substring(0, 8);
        String before = "old-" + UUID.randomUUID();
        metrics.record(row(ns + "/echo", before, Instant.now().minusSeconds(3600)));
        String token = as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", ns)).post("/namespaces").then()
                .statusCode(201).extract().path("token");
        String mine = "mine-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        String dflt = "default-" + UUID.randomUUID();
        metrics.record(row(ns + "/echo", mine, Instant.now()));
        metrics.record(row("elsewhere/echo", other, Instant.now()));
        metrics.record(row("echo", dflt, Instant.now()));

        List<String> adminIds = as(ADMIN).get("/invocations/recent?limit=4").then().statusCode(200)
                .extract().jsonPath().getList("invocationId");
        assertEquals(List.of(dflt, other, mine, before), adminIds, "newest first, every namespace");
        as(ADMIN).get("/invocations/recent?limit=1").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].function", equalTo("echo")).body("[0].startType", equalTo("warm"))
                .body("[0].mode", equalTo("dynamic")).body("[0].keepAlive", equalTo("lru"))
                .body("[0].executionTimeS", equalTo(0.25f)).body("[0].status", equalTo("ok"));

        as(token).get("/invocations/recent?limit=1000").then().statusCode(200)
                .body("invocationId", hasItem(mine)).body("invocationId", not(hasItem(other)))
                .body("invocationId", not(hasItem(dflt))).body("invocationId", not(hasItem(before)))
                .body("function", everyItem(equalTo(ns + "/echo")));
        given().get("/invocations/recent").then().statusCode(401);
        as(ADMIN).get("/invocations/recent?limit=0").then().statusCode(400).body("error", containsString("limit"));
        as(ADMIN).get("/invocations/recent?limit=1001").then().statusCode(400);
        as(ADMIN).get("/invocations/recent?limit=ten").then().statusCode(400).body("error", containsString("whole number"));
    }

    @Test
    void theDashboardIsServedWithoutATokenAndItsApiCallsStillNeedOne() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("id=\"recent-table\""));
        given().get("/app.js").then().statusCode(200).body(containsString("/invocations/recent"));
        given().get("/app.css").then().statusCode(200);
        given().get("/config").then().statusCode(401);
    }
}
