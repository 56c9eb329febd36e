package faastestbed.gateway.ssh;

import faastestbed.gateway.domain.TestbedException;
import faastestbed.node.testkit.SshKeys;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a failed login is classified: the node refusing the password or key is the caller's mistake (a 4xx at
 * registration); a login that breaks off is the node's failure. sshj reports both as a UserAuthException.
 */
class LoginFailureTest {
    private static final String SECRET = "pw-Very-S3cret";

    /** What sshj throws when every method was answered with USERAUTH_FAILURE (SSHClient.auth). */
    private static UserAuthException refusedBySshd() {
        return new UserAuthException("Exhausted available authentication methods");
    }

    private static SshConnection conn(Credentials credentials) {
        return new SshConnection("n1", new NodeAddress("127.0.0.1", 2222, "sshuser"), credentials, null,
                Duration.ofSeconds(2));
    }

    @Test
    void aRefusalWithTheConnectionUpIsRefused() {
        assertTrue(SshConnection.refused(refusedBySshd(), true));
        // a method that failed with its own UserAuthException is the saved cause; still a refusal
        assertTrue(SshConnection.refused(new UserAuthException("Exhausted available authentication methods",
                new UserAuthException("publickey refused")), true));
    }

    @Test
    void aLoginThatBrokeOffIsNotARefusal() {
        assertFalse(SshConnection.refused(refusedBySshd(), false));
        assertFalse(SshConnection.refused(new UserAuthException(new TransportException(DisconnectReason.CONNECTION_LOST)), true));
        assertFalse(SshConnection.refused(new UserAuthException("timeout", new TimeoutException("5000 ms")), true));
        assertFalse(SshConnection.refused(new UserAuthException("x", new UserAuthException(new SocketTimeoutException())), true));
        assertFalse(SshConnection.refused(new TransportException("broken pipe"), true));
        assertFalse(SshConnection.refused(new IOException("reset"), true));
    }

    @Test
    void refusedPasswordSaysSoWithoutThePassword() {
        SshConnection c = conn(new Credentials.Password(SECRET));
        SshFailure f = c.loginFailure(true, " (it accepts: publickey)", refusedBySshd());
        assertEquals(SshFailure.Kind.AUTH_FAILED, f.kind());
        assertEquals("authentication to node 'n1' as 'sshuser' with password failed: the node refused the password"
                + " (it accepts: publickey); check the username and the password", f.getMessage());
        assertFalse(f.getMessage().contains(SECRET));
    }

    @Test
    void refusedKeySaysWhichCredentialsWereTried() {
        String pem = SshKeys.generateEd25519("test").privateKeyPem();
        SshFailure key = conn(new Credentials.PrivateKey(pem, null)).loginFailure(true, "", refusedBySshd());
        assertTrue(key.getMessage().endsWith("the node refused the key; check the username and the key"), key.getMessage());
        SshFailure both = conn(new Credentials.PrivateKey(pem, SECRET)).loginFailure(true, "", refusedBySshd());
        assertTrue(both.getMessage().contains("refused the key and the password"), both.getMessage());
        assertFalse(both.getMessage().contains(SECRET) || both.getMessage().contains("PRIVATE KEY"));
    }

    @Test
    void aBrokenLoginIsTheNodesFailure() {
        SshFailure f = conn(new Credentials.Password(SECRET)).loginFailure(false, "",
                new UserAuthException(new TransportException(DisconnectReason.CONNECTION_LOST)));
        assertEquals(SshFailure.Kind.UNREACHABLE, f.kind());
        assertTrue(f.getMessage().startsWith("login to node 'n1' as 'sshuser' with password did not complete"), f.getMessage());
    }
}
