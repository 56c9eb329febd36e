package faastestbed.client.deploy;

import faastestbed.client.Cli;
import faastestbed.client.api.FakeGateway;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code deploy DIR} against the fake gateway: the folder as the gateway expects it, the log followed, the outcome. */
class DeployCommandTest {
    @TempDir
    Path dir;
    FakeGateway gateway;
    Path fn;

    @BeforeEach
    void start() throws IOException {
        gateway = new FakeGateway();
        fn = Files.createDirectories(dir.resolve("fn"));
        Files.writeString(fn.resolve("handler.py"), "def handle(body):\n    return body\n");
        Files.createDirectories(fn.resolve("lib"));
        Files.writeString(fn.resolve("lib/util.py"), "X = 1\n");
        Files.writeString(fn.resolve("tool.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(fn.resolve("tool.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void everyRequestOfADeployCarriesTheTokenTheLogsReadsToo() throws IOException {
        Files.writeString(dir.resolve("acme.token"), "tb_acme_secret\n");
        Cli.Result r = Cli.run(dir, "deploy", "fn", "--name", "hello", "--namespace", "acme", "--token-file", "acme.token",
                "--gateway", gateway.url());
        assertEquals(0, r.code(), r.toString());
        assertTrue(gateway.deploys.get("b0").path().contains("namespace=acme"), gateway.deploys.get("b0").path());
        var sent = gateway.requests();
        assertTrue(sent.stream().anyMatch(q -> q.path().endsWith("/log")), "the log was read: " + sent);
        assertTrue(sent.stream().allMatch(q -> "Bearer tb_acme_secret".equals(q.authorization())), sent.toString());
    }

    @Test
    void packsTheFolderSendsTheRegistrationFollowsTheLogAndSaysWhatWasDeployed() throws IOException {
        Cli.Result r = Cli.run(dir, "deploy", "fn", "--name", "hello", "--memory-mb", "64", "--command",
                "python3 /app/handler.py", "--gateway", gateway.url());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("Step 1/2 : FROM registry:5000/base:latest\nStep 2/2 : COPY . /app/\n"), r.out());
        assertTrue(r.out().contains("deployed hello: registry:5000/deployed/hello:b1, built on node1 (build 1.5 s, push 0.7 s"),
                r.out());
        FakeGateway.Request sent = gateway.deploys.get("b0");
        assertEquals("/functions/deploy?name=hello&memoryMb=64&command=python3%20%2Fapp%2Fhandler.py", sent.path());
        assertEquals("application/gzip", sent.contentType());
        Map<String, String> entries = entries(sent.raw());
        assertEquals(Map.of("handler.py", "0644", "lib/", "0755", "lib/util.py", "0644", "tool.sh", "0755"), entries,
                "the folder's contents at the root, executables executable");
    }

    @Test
    void aFailedBuildExitsOneWithTheLogTail() {
        Cli.Result r = Cli.run(dir, "deploy", "fn", "--name", "broken", "--gateway", gateway.url());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("returned a non-zero code: 3"), r.out());
        assertTrue(r.err().contains("error: docker build on node 'node1' failed")
                && r.err().contains("The command '/bin/sh -c exit 3' returned a non-zero code: 3"), r.err());
    }

    @Test
    void badInputIsExitTwoAndNothingIsSent() throws IOException {
        Cli.Result noName = Cli.run(dir, "deploy", "fn", "--gateway", gateway.url());
        assertEquals(2, noName.code(), noName.toString());
        assertTrue(noName.err().contains("deploy needs --name NAME"), noName.err());
        Cli.Result noDir = Cli.run(dir, "deploy", "missing", "--name", "x", "--gateway", gateway.url());
        assertEquals(2, noDir.code(), noDir.toString());
        assertTrue(noDir.err().contains("is not a directory"), noDir.err());
        assertEquals(2, Cli.run(dir, "deploy", "--name", "x").code(), "DIR is required");
        assertTrue(Cli.run(dir, "deploy", "--help").out().contains("--memory-mb MB"));
        assertTrue(gateway.deploys.isEmpty(), "nothing was sent");
    }

    private static Map<String, String> entries(byte[] gz) throws IOException {
        Map<String, String> modes = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(gz)))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                modes.put(e.getName(), String.format("%04o", e.getMode() & 07777));
            }
        }
        return modes;
    }
}
