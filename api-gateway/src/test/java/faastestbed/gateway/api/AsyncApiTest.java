package faastestbed.gateway.api;

import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.InvocationStatus;
import faastestbed.gateway.metrics.MetricsRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asynchronous invocations with no node registered: accepted, then refused for want of a node, with a row. */
@QuarkusTest
class AsyncApiTest {
    @Inject
    MetricsRecorder metrics;

    private static String registered() {
        String name = "async-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("name", name, "image", "registry:5000/fib-native:latest",
                "command", List.of("/fib", "20"))).post("/functions/register").then().statusCode(201);
        return name;
    }

    private static Response await(String id) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Response r = given().get("/invocations/" + id);
            r.then().statusCode(200).contentType(ContentType.JSON);
            String status = r.jsonPath().getString("status");
            if (!status.equals("queued") && !status.equals("running")) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("invocation " + id + " did not end");
    }

    @Test
    void acceptedAtOnceThenEndsWithTheSynchronousAnswerAndARow() throws Exception {
        String fn = registered();
        Response accepted = given().body(new byte[]{1, 2, 3}).post("/functions/invoke/" + fn + "?async=true");
        accepted.then().statusCode(202).contentType(ContentType.JSON).body("status", equalTo("queued"));
        String id = accepted.jsonPath().getString("invocationId");
        assertEquals("/invocations/" + id, accepted.jsonPath().getString("location"));
        assertTrue(accepted.header("Location").endsWith("/invocations/" + id), accepted.header("Location"));

        Response done = await(id);
        // No node is registered: the synchronous call would have been a 503, and the asynchronous one says so.
        done.then().body("status", equalTo("rejected")).body("httpStatus", equalTo(503)).body("function", equalTo(fn))
                .body("error", containsString("no node is registered"));
        assertTrue(done.jsonPath().getLong("queueMs") >= 0);
        given().get("/invocations?status=rejected&limit=10000").then().statusCode(200)
                .body("invocationId", hasItem(id));

        List<MetricsRecord> rows = MetricsCsvReader.read(metrics.file()).records().stream()
                .filter(r -> r.invocationId().equals(id)).toList();
        assertEquals(1, rows.size(), "one row, under the id the caller got");
        assertEquals(InvocationStatus.REJECTED, rows.get(0).status());
        assertEquals(fn, rows.get(0).function());
    }

    @Test
    void whatCanNeverRunIsRefusedAtOnceAsForASynchronousCall() {
        given().post("/functions/invoke/no-such-fn-" + UUID.randomUUID() + "?async=true").then().statusCode(404)
                .contentType(ContentType.JSON).body("error", containsString("no-such-fn"));
        String fn = registered();
        given().post("/functions/invoke/" + fn + "?async=maybe").then().statusCode(400)
                .body("error", containsString("async must be true or false"));
        given().post("/functions/invoke/" + fn + "?async=true&path=handler").then().statusCode(400)
                .body("error", containsString("has no handler"));
        given().get("/invocations/" + UUID.randomUUID()).then().statusCode(404).contentType(ContentType.JSON)
                .body("error", containsString("no asynchronous invocation"));
        given().get("/invocations?status=lost").then().statusCode(400).body("error", containsString("unknown status"));
        given().get("/invocations?limit=0").then().statusCode(400).body("error", containsString("limit"));
        given().get("/invocations?limit=abc").then().statusCode(400).body("error", containsString("whole number"));
        given().get("/invocations?limit=99999999999").then().statusCode(400).body("error", containsString("limit"));
    }
}
