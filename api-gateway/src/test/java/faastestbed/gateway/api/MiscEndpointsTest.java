package faastestbed.gateway.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class MiscEndpointsTest {

    @Test
    void metricsSummaryIsJson() {
        given().get("/metrics/summary").then().statusCode(200).contentType(ContentType.JSON).body("rows", notNullValue());
        given().get("/metrics/summary.txt").then().statusCode(200).contentType(ContentType.TEXT)
                .body(containsString("Function")).body(containsString("p95 (s)"));
    }

    @Test
    void everyAnswerSaysHowLongTheGatewayTookInServerTiming() {
        for (var r : java.util.List.of(given().get("/config").andReturn(), given().post("/functions/invoke/no-such").andReturn(),
                given().contentType(ContentType.JSON).body("{").post("/functions/register").andReturn())) {
            String header = r.getHeader(ServerTiming.HEADER);
            double ms = ServerTiming.parse(header);
            org.junit.jupiter.api.Assertions.assertTrue(ms >= 0 && ms < 10_000, r.statusCode() + ": " + header);
        }
        org.junit.jupiter.api.Assertions.assertEquals("gateway;dur=1.235", ServerTiming.value(1_234_567));
        org.junit.jupiter.api.Assertions.assertTrue(Double.isNaN(ServerTiming.parse("other;dur=1")));
        org.junit.jupiter.api.Assertions.assertTrue(Double.isNaN(ServerTiming.parse(null)));
    }

    @Test
    void healthIsUp() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/functions/register"))
                .body(containsString("/nodes/register"))
                .body(containsString("/config"))
                .body(containsString("/namespaces"))
                .body(containsString("scheme: bearer"));
    }

    @Test
    void qMetricsHasTheGatewaysGaugesFromTheStart() throws Exception {
        System.gc();  // meters whose object is only weakly held would vanish now
        Thread.sleep(1500);
        String m = given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(m.contains("testbed_async_queue_length ")
                && m.contains("testbed_async_queue_capacity "), m.lines().filter(l -> l.startsWith("testbed")).toList().toString());
    }

    @Test
    void unknownPathIs404Json() {
        given().get("/no/such/thing").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("no such resource"));
        given().post("/functions/invoke/a/b").then().statusCode(404).contentType(ContentType.JSON).body("error", notNullValue());
    }

    @Test
    void wrongMethodIs405Json() {
        given().delete("/config").then().statusCode(405).contentType(ContentType.JSON)
                .body("error", equalTo("method not allowed"));
    }
}
