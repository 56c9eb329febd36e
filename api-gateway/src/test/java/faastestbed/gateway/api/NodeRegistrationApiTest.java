package faastestbed.gateway.api;

import faastestbed.node.testkit.SshKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /nodes/register without any reachable node: every refusal is JSON, helpful, and never echoes the password. */
@QuarkusTest
class NodeRegistrationApiTest {
    private static final String SECRET = "pw-S3cret-7f3a91";
    /** A real key (it authorises nothing anywhere): a key that does not parse is refused before connecting. */
    private static final String KEY = SshKeys.generateEd25519("test").privateKeyPem();
    private static final String TRUNCATED_KEY =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

    private static Map<String, Object> valid() {
        Map<String, Object> m = new HashMap<>();
        m.put("name", "node1");
        m.put("host", "127.0.0.1");
        m.put("port", 1);
        m.put("username", "root");
        m.put("password", SECRET);
        return m;
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> m = valid();
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }

    private static Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/nodes/register");
    }

    /** Asserts status, JSON {"error"} holding the hint, and that the password is nowhere in the answer. */
    private static String refused(Response r, int status, String hint) {
        r.then().statusCode(status).contentType(ContentType.JSON)
                .body("error", containsString(hint))
                .body(not(containsString(SECRET)));
        assertFalse(r.asString().contains(SECRET), r.asString());
        return r.jsonPath().getString("error");
    }

    @Test
    void missingBodyIs400() {
        refused(given().contentType(ContentType.JSON).post("/nodes/register"), 400, "JSON body is required");
        refused(post("null"), 400, "JSON body is required");
    }

    @Test
    void nonJsonContentTypeIs415Json() {
        given().contentType(ContentType.TEXT).body("name=node1").post("/nodes/register")
                .then().statusCode(415).contentType(ContentType.JSON).body("error", containsString("application/json"));
    }

    @Test
    void badNameIs400() {
        refused(post(with("name", "bad name")), 400, "node name 'bad name' is invalid");
        refused(post(with("name", "-x")), 400, "node name");
        refused(post(with("name", null)), 400, "node name is required");
    }

    @Test
    void badHostIs400() {
        refused(post(with("host", "-oProxyCommand=touch x")), 400, "is not a host name or IP address");
        refused(post(with("host", "a;b")), 400, "host");
        refused(post(with("host", null)), 400, "host is required");
    }

    @Test
    void badPortIs400() {
        refused(post(with("port", 0)), 400, "port must be between 1 and 65535");
        refused(post(with("port", 70000)), 400, "port must be between 1 and 65535");
    }

    @Test
    void badUsernameIs400() {
        refused(post(with("username", "-l")), 400, "username");
        refused(post(with("username", null)), 400, "username is required");
    }

    @Test
    void noCredentialsIs400() {
        Map<String, Object> m = with("password", null);
        refused(post(m), 400, "give a password or a privateKey for node 'node1'");
        m.put("password", "");
        refused(post(m), 400, "give a password or a privateKey");
    }

    @Test
    void privateKeyThatIsNotAKeyIs400() {
        refused(post(with("privateKey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ public-key-by-mistake")), 400,
                "privateKey must be a private key");
        // the seed-003 alias
        Map<String, Object> m = with("private_key", "id_ed25519");
        refused(post(m), 400, "privateKey must be a private key");
    }

    @Test
    void badHostKeyFingerprintIs400() {
        refused(post(with("hostKeyFingerprint", "not-a-fingerprint")), 400, "hostKeyFingerprint must look like SHA256:");
    }

    @Test
    void malformedJsonIs400() {
        refused(post("{\"name\": \"node1\", "), 400, "malformed JSON body");
        refused(post("{name: node1}"), 400, "malformed JSON body");
        refused(post("[1, 2]"), 400, "malformed JSON body");
        refused(post("{\"name\":\"node1\",\"port\":\"twenty-two\",\"password\":\"" + SECRET + "\"}"), 400, "port");
    }

    @Test
    void malformedJsonNeverEchoesThePassword() {
        // an unquoted value is the token the parser complains about
        refused(post("{\"name\":\"node1\",\"host\":\"127.0.0.1\",\"username\":\"root\",\"password\":" + SECRET + "}"),
                400, "malformed JSON body");
        String word = "S3cretWord7f3a91";
        Response r = post("{\"name\":\"node1\",\"username\":\"root\",\"password\":" + word + "}");
        r.then().statusCode(400).body("error", containsString("malformed JSON body"));
        assertFalse(r.asString().contains(word), r.asString());
        assertFalse(r.asString().contains("S3cret"), r.asString());
        refused(post("{\"name\":\"node1\",\"password\":\"" + SECRET + "\" \"port\": 1}"), 400, "malformed JSON body");
    }

    @Test
    void unreachableNodeIs502AndNotRegistered() {
        Response r = post(valid());
        String error = refused(r, 502, "cannot connect to node 'node1' at 127.0.0.1:1");
        assertFalse(error.contains(SECRET));
        // seed-003 field names and key login: same answer, and the key is never echoed either
        Map<String, Object> seed = new HashMap<>();
        seed.put("name", "node2");
        seed.put("ip", "127.0.0.1");
        seed.put("port", 1);
        seed.put("user", "root");
        seed.put("private_key", KEY);
        seed.put("password", SECRET);
        Response k = post(seed);
        refused(k, 502, "node 'node2'");
        assertFalse(k.asString().contains("PRIVATE KEY"), k.asString());

        given().get("/nodes").then().statusCode(200).body("$", empty());
        given().get("/nodes/node1").then().statusCode(404).body("error", notNullValue());
        given().delete("/nodes/node1").then().statusCode(404).body("error", containsString("no node named 'node1'"));
    }

    @Test
    void registrationResponseIsJsonEvenForWrongMethod() {
        Response r = given().get("/nodes/register");
        // GET /nodes/{name} with name "register": no such node
        assertEquals(404, r.statusCode());
        r.then().contentType(ContentType.JSON).body("error", notNullValue());
    }

    /** Jackson used to truncate 1.5 to 1 and read true as 1 and "" as "no port" (22). */
    @Test
    void nonIntegerPortIs400NamingIt() {
        for (Object port : List.of(1.5, 22.0, 1e3, "22abc", "1.5", "", " 22", true, 99999999999L, "99999999999",
                List.of(22), Map.of("n", 22))) {
            String error = refused(post(with("port", port)), 400, "port must be a whole number, not ");
            assertFalse(error.contains("malformed"), error);
        }
        assertEquals("port must be a whole number, not 1.5", refused(post(with("port", 1.5)), 400, "port"));
        assertEquals("port must be a whole number, not \"22abc\"", refused(post(with("port", "22abc")), 400, "port"));
        assertEquals("port must be a whole number, not 99999999999 (it does not fit in 32 bits)",
                refused(post(with("port", 99999999999L)), 400, "port"));
        refused(post(with("port", -1)), 400, "port must be between 1 and 65535, was -1");
    }

    @Test
    void aQuotedWholeNumberIsStillAPort() {
        // seed-003 clients quote numbers: "1" is port 1, where nothing listens
        refused(post(with("port", "1")), 502, "cannot connect to node 'node1' at 127.0.0.1:1");
    }

    @Test
    void nonIntegerMemoryIs400() {
        refused(post(with("memoryMb", 512.5)), 400, "memoryMb must be a whole number, not 512.5");
        refused(post(with("memory_mb", "1g")), 400, "memoryMb must be a whole number, not \"1g\"");
    }

    /** Trimming used to drop a NUL or other control character at an end: "node1\0" registered as node1. */
    @Test
    void controlCharactersAreRefusedNamingTheField() {
        assertEquals("node name contains a NUL character (U+0000 at position 6); it is not allowed there",
                refused(post(with("name", "node1\0")), 400, "node name contains a NUL character"));
        refused(post(with("name", "\u0007node1")), 400, "node name contains a control character (U+0007 at position 1)");
        refused(post(with("host", "127.0.0.1\n")), 400, "host contains a control character (U+000A");
        refused(post(with("username", "root\0")), 400, "username contains a NUL character");
        given().get("/nodes").then().statusCode(200).body("$", empty());
    }

    @Test
    void overLongNameIs400WithAShortMessage() {
        Response r = post(with("name", "n".repeat(1 << 20)));
        String error = refused(r, 400, "node name is 1048576 characters long; at most 63");
        assertTrue(r.asString().length() < 200, r.asString().length() + " characters");
        assertEquals("node name is 1048576 characters long; at most 63", error);
    }

    /** Used to fail only at login, as a 502 blaming the node. */
    @Test
    void privateKeyThatDoesNotParseIs400BeforeConnecting() {
        Map<String, Object> m = with("password", null);
        m.put("privateKey", TRUNCATED_KEY);
        m.put("host", "192.0.2.1"); // TEST-NET: a connection attempt would take the whole connect timeout
        long t0 = System.nanoTime();
        Response r = post(m);
        String error = refused(r, 400, "privateKey is not a PEM/OpenSSH private key the gateway can use: it does not parse");
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "answered without connecting");
        assertFalse(r.asString().contains("b3BlbnNz") || r.asString().contains("BEGIN"), error);
        m.put("privateKey", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0w\n-----END ENCRYPTED PRIVATE KEY-----\n");
        refused(post(m), 400, "privateKey is not a PEM/OpenSSH private key the gateway can use: it is encrypted");
    }
}
