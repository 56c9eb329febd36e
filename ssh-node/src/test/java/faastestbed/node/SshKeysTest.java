package faastestbed.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PublicKey;

import faastestbed.node.testkit.NodeSsh;
import faastestbed.node.testkit.SshKeys;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.Test;

class SshKeysTest {

    @Test
    void generatedKeyLoadsInSshjAndMatchesItsAuthorizedKeysLine() throws Exception {
        SshKeys.SshKeyPair pair = SshKeys.generateEd25519("test@faas-testbed");
        assertTrue(pair.privateKeyPem().startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
        assertTrue(pair.authorizedKey().matches("ssh-ed25519 [A-Za-z0-9+/]+=* test@faas-testbed"),
                pair.authorizedKey());
        try (SSHClient ssh = new SSHClient()) {
            PublicKey loaded = ssh.loadKeys(pair.privateKeyPem(), null, null).getPublic();
            assertEquals(pair.fingerprint(), NodeSsh.fingerprintOf(loaded));
            assertEquals(pair.fingerprint(), SshKeys.fingerprintOfLine(pair.authorizedKey()));
        }
        assertNotEquals(pair.fingerprint(), SshKeys.generateEd25519("other").fingerprint());
        assertTrue(!pair.toString().contains("PRIVATE"), "toString must not leak the key");
    }
}
