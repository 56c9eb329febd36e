package faastestbed.gateway.ssh;

import faastestbed.gateway.domain.TestbedException;
import faastestbed.node.testkit.SshKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A private key is read when the credentials are made: one that cannot be used is refused before any connection. */
class KeyCheckTest {
    private static final String BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB";

    @Test
    void aGeneratedKeyIsFine() {
        String pem = SshKeys.generateEd25519("test").privateKeyPem();
        assertNull(KeyCheck.problem(pem));
        assertEquals("key", new Credentials.PrivateKey(pem, null).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
            "-----BEGIN OPENSSH PRIVATE KEY-----\n" + BODY + "\n-----END OPENSSH PRIVATE KEY-----\n",
            "-----BEGIN RSA PRIVATE KEY-----\nnot base64 at all!!\n-----END RSA PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"})
    void aCorruptedKeyIsRefusedWithoutQuotingIt(String pem) {
        TestbedException e = assertThrows(TestbedException.class, () -> new Credentials.PrivateKey(pem, "pw"));
        assertEquals(TestbedException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("privateKey is not a PEM/OpenSSH private key the gateway can use: "
                + "it does not parse as a key in "), e.getMessage());
        assertFalse(e.getMessage().contains("BEGIN") || e.getMessage().contains("AAAA")
                || e.getMessage().contains("base64 at all"), e.getMessage());
    }

    @Test
    void aTruncatedKeyIsRefused() {
        String pem = SshKeys.generateEd25519("test").privateKeyPem();
        String cut = pem.substring(0, pem.length() / 2) + "\n-----END OPENSSH PRIVATE KEY-----\n";
        assertTrue(KeyCheck.problem(cut).startsWith("it does not parse as a key in OpenSSHv1 format"), KeyCheck.problem(cut));
    }

    @Test
    void anUnknownFormatIsRefused() {
        assertTrue(KeyCheck.problem("hello PRIVATE KEY").startsWith("its format is not recognised"));
        assertEquals("it is empty", KeyCheck.problem(" \n"));
    }

    @Test
    void anEncryptedKeyIsRefusedWithAHint() {
        String pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n";
        assertTrue(KeyCheck.problem(pem).startsWith("it is encrypted with a passphrase"), KeyCheck.problem(pem));
    }
}
