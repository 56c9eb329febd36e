package faastestbed.gateway.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import faastestbed.common.metrics.ContainerUse;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.Failure;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StartType;
import faastestbed.common.model.StateCheck;
import faastestbed.gateway.api.JsonSetup;
import faastestbed.gateway.cluster.CommandInput;
import faastestbed.gateway.cluster.ConfigChange;
import faastestbed.gateway.cluster.FunctionRegistration;
import faastestbed.gateway.cluster.NodeRegistration;
import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.invocation.AsyncInvocations.Status;
import faastestbed.gateway.invocation.InvocationResult;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stores against a real H2 file database, migrated by the gateway's own Flyway scripts. */
class StateStoresTest {
    private static final String KEY_TEXT = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyBody0123456789\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    private static final String PASSWORD = "correct-horse-battery-staple";

    @TempDir
    Path dir;
    private JdbcDataSource ds;
    private ObjectMapper json;

    @BeforeEach
    void database() {
        ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("gateway"));
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new JsonSetup().customize(json);
    }

    private StateDb db(Path keyFile) {
        return StateDb.of(ds, Optional.empty(), keyFile);
    }

    @Test
    void nodesComeBackWithTheirCredentialsWhichTheFileNeverHoldsInTheClear() throws Exception {
        Path key = dir.resolve("state.key");
        NodeStore nodes = new NodeStore(db(key), json);
        Instant at = Instant.parse("2026-11-01T10:00:00.123456Z");
        NodeRegistration a = new NodeRegistration("node-a", "10.0.0.1", 2222, "root", PASSWORD, KEY_TEXT,
                "SHA256:" + "A".repeat(43), 400);
        NodeRegistration b = new NodeRegistration("node-b", "10.0.0.2", null, "faas", PASSWORD, null, null, null);
        nodes.save(a, at);
        nodes.save(b, at.plusSeconds(1));
        assertEquals(List.of(new NodeStore.Stored(a, at), new NodeStore.Stored(b, at.plusSeconds(1))), nodes.all());
        nodes.delete("node-b");
        assertEquals(List.of("node-a"), nodes.all().stream().map(s -> s.registration().name()).toList());

        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("SHUTDOWN");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("gateway")).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertTrue(bytes.contains("10.0.0.1"), "the file holds the registration: " + f);
                assertFalse(bytes.contains(PASSWORD), "password in the clear in " + f);
                assertFalse(bytes.contains("FakeKeyBody0123456789") || bytes.contains("PRIVATE KEY"),
                        "private key in the clear in " + f);
            }
        }
    }

    @Test
    void aWrongOrMissingKeyIsAClearErrorNeverANewKey() throws Exception {
        Path key = dir.resolve("state.key");
        new NodeStore(db(key), json).save(new NodeRegistration("n", "h", 22, "u", PASSWORD, null, null, null),
                Instant.now());
        assertEquals(1, new NodeStore(db(key), json).all().size(), "the same key opens it again");

        Files.writeString(key, java.util.Base64.getEncoder().encodeToString(SecretBox.newKey()));
        StateUnusable wrong = assertThrows(StateUnusable.class, () -> new NodeStore(db(key), json).all());
        assertTrue(wrong.getMessage().contains("is not the one") && wrong.getMessage().contains("start fresh"),
                wrong.getMessage());

        Files.delete(key);
        StateUnusable missing = assertThrows(StateUnusable.class, () -> new NodeStore(db(key), json).all());
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        assertFalse(Files.exists(key), "no new key is made for state sealed with another");
    }

    @Test
    void functionsAreKeptAsRegistered() {
        FunctionStore functions = new FunctionStore(db(dir.resolve("k")), json);
        Instant at = Instant.parse("2026-11-01T10:00:00Z");
        FunctionRegistration echo = new FunctionRegistration("echo", "registry:5000/echo:latest",
                new CommandInput.Line("/bin/cat -"), null, new CommandInput.Args(List.of("/watchdog", "cat")), 30, 64,
                2, 1, 4);
        FunctionRegistration fib = new FunctionRegistration("fib", "registry:5000/fib-native:latest",
                new CommandInput.Args(List.of("/fib", "27")), new CommandInput.Line("sleep infinity"), null, null, null,
                null, null, null);
        functions.save("echo", echo, at);
        functions.save("fib", fib, at.plusSeconds(1));
        assertEquals(List.of(new FunctionStore.Stored("echo", echo, at), new FunctionStore.Stored("fib", fib, at.plusSeconds(1))),
                functions.all());
        functions.delete("echo");
        assertEquals(List.of("fib"), functions.all().stream().map(FunctionStore.Stored::id).toList());
    }

    @Test
    void settingsRoundTrip() {
        SettingsStore settings = new SettingsStore(db(dir.resolve("k")), json);
        assertEquals(Optional.empty(), settings.load());
        ConfigChange c = new ConfigChange("least-used", "pre-warmed", 2, "run-7", "cell/a", "exec", 4, 16, "lru");
        settings.save(c);
        settings.save(c);
        assertEquals(Optional.of(c), settings.load());
    }

    @Test
    void asyncInvocationsKeepTheirPayloadUntilTheyRunAndTheirAnswerUntilItExpires() {
        AsyncStore async = new AsyncStore(db(dir.resolve("k")), json);
        Instant t = Instant.parse("2026-11-01T10:00:00.123456789Z");
        byte[] payload = {0, 1, 2, (byte) 255};
        async.queued("q1", "echo", InvocationPath.HANDLER, payload, t);
        async.queued("r1", "echo", null, new byte[0], t.plusMillis(1));
        async.queued("d1", "fib", InvocationPath.EXEC, new byte[0], t.plusMillis(2));
        async.queued("x1", "fib", null, new byte[0], t.plusMillis(3));
        async.started("r1", t.plusSeconds(1));
        async.started("d1", t.plusSeconds(1));
        InvocationResult result = new InvocationResult("d1", "fib", "node-a", "round-robin", ExecutionMode.PRE_WARMED,
                InvocationPath.EXEC, "Round Robin - Pre-warmed", InvocationStatus.OK, 0, "196418\n", InvocationResult.UTF8, "",
                StateCheck.VERIFIED, 0.25, new Timings(1, 2, -1, 200, -1, 30), null, 0, 7, 12.5, 40.0, null,
                new ContainerUse(StartType.IMAGE_CACHED, "", -1, "c1", 128), Failure.NONE, 1);
        async.ended("d1", Status.OK, t.plusSeconds(2), 30, result, "", null, t.plus(Duration.ofHours(1)));
        async.ended("x1", Status.REJECTED, t.plusSeconds(2), -1, null, "full", TestbedException.Kind.OVERLOADED,
                t.plusSeconds(3));

        Map<String, AsyncStore.Stored> byId = new java.util.HashMap<>();
        async.load(t.plusSeconds(10)).forEach(s -> byId.put(s.id(), s));
        assertEquals(List.of("d1", "q1", "r1"), byId.keySet().stream().sorted().toList(), "x1 expired and is gone");

        AsyncStore.Stored q = byId.get("q1");
        assertEquals(Status.QUEUED, q.status());
        assertArrayEquals(payload, q.payload());
        assertEquals(InvocationPath.HANDLER, q.path());
        assertEquals(t, q.submittedAt(), "nanoseconds kept");
        assertEquals(-1, q.queueMs());

        AsyncStore.Stored r = byId.get("r1");
        assertEquals(Status.RUNNING, r.status());
        assertNull(r.path());
        assertEquals(t.plusSeconds(1), r.startedAt());

        AsyncStore.Stored d = byId.get("d1");
        assertEquals(Status.OK, d.status());
        assertNull(d.payload(), "the payload goes once it ran");
        assertEquals(result.with(result.container()).output(), d.result().output());
        assertEquals(new InvocationResult(result.invocationId(), result.function(), result.node(), result.policy(),
                result.mode(), result.path(), result.executionMode(), result.status(), result.exitCode(), result.output(),
                result.outputEncoding(), result.error(), result.stateCheck(), result.executionTimeS(), result.timings(),
                result.functionMs(), result.payloadBytes(), result.outputBytes(), result.cpuPercent(), result.ramPercent(),
                null, result.container(), result.failure(), result.attempts()), d.result());
        assertEquals(30, d.queueMs());
        assertEquals(t.plus(Duration.ofHours(1)), d.expiresAt());

        async.delete(List.of("q1", "r1"));
        assertEquals(List.of("d1"), async.load(t).stream().map(AsyncStore.Stored::id).toList());
        assertTrue(async.load(t.plus(2, ChronoUnit.HOURS)).isEmpty());
    }

    @Test
    void namespacesAndTheirTokensRoundTripWithOnlyTheTokensHashKept() throws Exception {
        NamespaceStore store = new NamespaceStore(db(dir.resolve("key")));
        var registry = new faastestbed.gateway.namespace.NamespaceRegistry();
        var acme = registry.create("acme", new faastestbed.gateway.namespace.NamespaceLimits(3, 512));
        var issued = registry.issue("acme");
        store.save(acme);
        store.save(registry.get("default"));
        store.saveToken(issued.record());
        store.save(registry.update("acme", new faastestbed.gateway.namespace.NamespaceLimits(4, 256)));
        assertEquals(List.of("acme", "default"), store.all().stream().map(faastestbed.gateway.namespace.Namespace::name).toList(),
                "default is stored too, for its limits");
        assertEquals(new faastestbed.gateway.namespace.NamespaceLimits(4, 256), store.all().get(0).limits());
        assertEquals(List.of(issued.record()), store.tokens());

        var restored = new faastestbed.gateway.namespace.NamespaceRegistry();
        store.all().forEach(restored::restore);
        store.tokens().forEach(restored::restore);
        assertEquals("acme", restored.member(issued.token()).orElseThrow().namespace(), "the token works after a restart");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(issued.token()),
                        f + " holds a token's text");
            }
        }
        store.deleteToken(issued.id());
        assertEquals(List.of(), store.tokens());
        store.saveToken(registry.issue("acme").record());
        store.delete("acme");
        assertEquals(List.of("default"), store.all().stream().map(faastestbed.gateway.namespace.Namespace::name).toList());
        assertEquals(List.of(), store.tokens(), "a namespace's tokens go with it");
    }
}
