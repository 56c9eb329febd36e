package faastestbed.gateway.it;

import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.TestCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser (Debian's headless chromium, driven through its chromedriver) against this
 * gateway with two real nodes and the admin token on: the page asks for the token, shows the nodes, invokes a
 * function with a payload, lists the new invocation and moves the counters, switches the policy, and leaves the
 * screenshot (target/dashboard.png; the README shows a copy, docs/dashboard.png). No browser, no pass: scripts/bootstrap.sh installs it.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true,
        initArgs = {@ResourceArg(name = "functions", value = "echo"),
                @ResourceArg(name = "adminToken", value = DashboardInBrowserTest.ADMIN)})
class DashboardInBrowserTest {
    static final String ADMIN = "admin-token-for-the-dashboard-test";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static WebDriver browser;

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN);
    }

    /** Not in a static @BeforeAll: the application under test is not listening yet there. */
    static void clusterAndBrowser() {
        TestCluster cluster = ClusterResource.cluster;
        for (NodeHandle n : List.of(cluster.node("node1"), cluster.node("node2"))) {
            admin().contentType(ContentType.JSON).body(Map.of("name", n.name(), "host", n.sshHost(), "port", n.sshPort(),
                    "username", n.username(), "privateKey", n.privateKeyPem())).post("/nodes/register").then().statusCode(201);
        }
        admin().contentType(ContentType.JSON).body(Map.of("name", "echo", "image", cluster.registryImage("echo"),
                "command", "python3 /app/handler.py", "handler", NamespacesOnRealNodesTest.PY_HANDLER, "memoryMb", 64))
                .post("/functions/register").then().statusCode(201);
        admin().contentType(ContentType.JSON).body(Map.of("mode", "dynamic", "policy", "round-robin",
                "keepAlive", "fixed-ttl:10m")).put("/config").then().statusCode(200);
        // A few calls first, so the page has a history: cold starts on both nodes, then warm ones.
        for (int i = 0; i < 6; i++) {
            admin().contentType("application/octet-stream").body(("call " + i).getBytes(StandardCharsets.UTF_8))
                    .post("/functions/invoke/echo").then().statusCode(200);
        }

        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "the dashboard test needs "
                + "Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + "): scripts/bootstrap.sh installs them");
        // The driver and the browser are given, so Selenium Manager has nothing to look up or download.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1500",
                        "--lang=en-GB");
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1400, 1500));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    void await(String what, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).withMessage(what).until(d -> condition.get());
    }

    @Test
    void thePageAsksForTheTokenInvokesAFunctionSeesItsRowAndSwitchesThePolicy() throws Exception {
        clusterAndBrowser();
        browser.get("http://localhost:" + RestAssured.port + "/");
        await("the page asks for a token", () -> byId("token-form").isDisplayed());
        byId("token-input").sendKeys(ADMIN);
        byId("token-save").click();
        await("the page is live with the token", () -> byId("status").getText().startsWith("live"));
        assertTrue(!byId("token-form").isDisplayed(), "the token form goes away once the token works");
        await("the six earlier calls are counted", () -> byId("stat-total").getText().equals("6"));
        await("both nodes are listed healthy with their echo containers", () -> {
            String nodes = byId("nodes-table").getText();
            return nodes.contains("node1") && nodes.contains("node2") && !nodes.contains("unhealthy")
                    && nodes.contains("echo: 0 busy, ");
        });
        String newestBefore = firstRow().getAttribute("data-invocation-id");

        new Select(byId("invoke-function")).selectByValue("echo");
        byId("invoke-payload").sendKeys("hello from the dashboard");
        byId("invoke-button").click();
        await("the answer is shown", () -> byId("invoke-output").getText().equals("hello from the dashboard"));
        assertTrue(byId("invoke-summary").getText().startsWith("ok on node"), byId("invoke-summary").getText());
        await("the invocation is the newest row", () -> !firstRow().getAttribute("data-invocation-id").equals(newestBefore));
        WebElement row = firstRow();
        String id = row.getAttribute("data-invocation-id");
        assertTrue(row.getText().contains("echo") && row.getText().contains("ok") && row.getText().contains("warm"),
                row.getText());
        await("the total moves to 7", () -> byId("stat-total").getText().equals("7"));
        assertNotEquals("0.00 /s", byId("stat-rate").getText());
        assertTrue(byId("start-warm").getText().matches("warm [1-9]\\d*"), byId("start-warm").getText());
        admin().get("/invocations/recent?limit=1").then().statusCode(200).body("[0].invocationId", equalTo(id));

        new Select(byId("policy-select")).selectByValue("least-used");
        byId("config-apply").click();
        await("the page says the policy changed", () -> byId("config-status").getText().startsWith("now least-used"));
        admin().get("/config").then().statusCode(200).body("policy", equalTo("least-used")).body("mode", equalTo("dynamic"));
        await("the header shows it too", () -> byId("status").getText().contains("least-used"));

        // A second of live updates, so the rate line has points, then the picture the README shows.
        Thread.sleep(3000);
        // Into target/, so a test run leaves the repository as it was; docs/dashboard.png is a copy of one of these.
        Path png = Path.of("target", "dashboard.png");
        Files.createDirectories(png.getParent());
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
        byte[] head = Files.readAllBytes(png);
        assertEquals("PNG", new String(head, 1, 3, StandardCharsets.US_ASCII), "a PNG at " + png);
        assertTrue(head.length > 20_000, "a real screenshot, not an empty page: " + head.length + " bytes");
    }

    WebElement firstRow() {
        return browser.findElement(By.cssSelector("#recent-table tbody tr"));
    }
}
