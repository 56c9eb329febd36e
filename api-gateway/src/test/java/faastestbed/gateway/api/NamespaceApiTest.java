package faastestbed.gateway.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The namespace API with no nodes, tokens off (every caller is the admin), as in the other API tests. */
@QuarkusTest
class NamespaceApiTest {
    @Test
    void aNamespaceIsCreatedChangedGivenTokensAndRemoved() {
        String token = given().contentType(ContentType.JSON).body(Map.of("name", "api-ns", "maxConcurrent", 3))
                .post("/namespaces").then().statusCode(201).body("namespace", equalTo("api-ns"))
                .extract().path("token");
        given().get("/namespaces").then().statusCode(200).body("name", hasItem("api-ns")).body("name", hasItem("default"));
        given().contentType(ContentType.JSON).body(Map.of("maxWarmMemoryMb", 256)).put("/namespaces/api-ns").then()
                .statusCode(200).body("maxConcurrent", equalTo(3)).body("maxWarmMemoryMb", equalTo(256));
        given().contentType(ContentType.JSON).body(Map.of("maxWarmMemoryMb", -1)).put("/namespaces/api-ns").then()
                .statusCode(400).body("error", containsString("maxWarmMemoryMb"));
        given().contentType(ContentType.JSON).body(Map.of("maxConcurrent", 1)).put("/namespaces/nowhere").then()
                .statusCode(404).body("error", containsString("no namespace named 'nowhere'"));
        // A function may not run another namespace's deployed code (nodes pull anonymously: the path is the guard).
        given().contentType(ContentType.JSON).body(Map.of("name", "peek", "image", "registry:5000/deployed/other-ns/x:b1",
                "command", "true", "namespace", "api-ns")).post("/functions/register").then().statusCode(400)
                .body("error", containsString("deployed in namespace 'other-ns'"));
        given().contentType(ContentType.JSON).body(Map.of("name", "peek", "image", "registry:5000/deployed/x:b1",
                "command", "true", "namespace", "api-ns")).post("/functions/register").then().statusCode(400)
                .body("error", containsString("deployed in namespace 'default'"));
        given().get("/functions/peek?namespace=api-ns").then().statusCode(404);
        String second = given().post("/namespaces/api-ns/tokens").then().statusCode(201).extract().path("tokenId");
        given().get("/namespaces/api-ns").then().body("tokens.size()", equalTo(2)).body("functions", equalTo(0));
        given().delete("/namespaces/api-ns/tokens/" + second).then().statusCode(204);
        given().delete("/namespaces/api-ns/tokens/" + second).then().statusCode(404);
        given().delete("/namespaces/default").then().statusCode(409);
        given().delete("/namespaces/api-ns").then().statusCode(204);
        given().get("/namespaces/api-ns").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "image", "img", "command", "true",
                "namespace", "api-ns")).post("/functions/register").then().statusCode(404)
                .body("error", containsString("no namespace named 'api-ns'"));
        given().contentType(ContentType.JSON).body(Map.of("name", "a--b", "image", "img", "command", "true"))
                .post("/functions/register").then().statusCode(400).body("error", containsString("'--'"));
        given().contentType("application/octet-stream").body(new byte[]{'x'}).post("/nowhere/fn").then().statusCode(404);
        given().contentType("application/octet-stream").body(new byte[]{'x'}).post("/nodes/fn").then().statusCode(405);
        org.junit.jupiter.api.Assertions.assertTrue(token.startsWith("tb_api_ns_"), token);
    }
}
