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
    void healthIsUp() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/functions/register"))
                .body(containsString("/nodes/register"))
                .body(containsString("/config"));
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
