package faastestbed.gateway.ssh;

import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostKeysTest {

    @Test
    void normaliseAcceptsCommonSpellings() {
        String bare = "nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
        String want = "SHA256:" + bare;
        assertEquals(want, HostKeys.normalise(bare));
        assertEquals(want, HostKeys.normalise(bare + "="));
        assertEquals(want, HostKeys.normalise("  SHA256:" + bare + "  "));
        assertEquals(want, HostKeys.normalise("sha256:" + bare));
    }

    private static PublicKey openSshPublicKey(String base64Blob) throws Exception {
        return new Buffer.PlainBuffer(Base64.getDecoder().decode(base64Blob)).readPublicKey();
    }

    /** Expected values are what {@code ssh-keygen -lf} printed for these keys. */
    @Test
    void fingerprintMatchesSshKeygen() throws Exception {
        assertEquals("SHA256:lFR1ELWDXwsLPUoEjUEyd1cbTvFA4nVB9XIBjzYgSLA", HostKeys.fingerprint(openSshPublicKey(
                "AAAAC3NzaC1lZDI1NTE5AAAAINcl9WZ6msAmlrOuIrcg2pCtGUfQAKorFX3TkfdymquI")));
        assertEquals("SHA256:gs4lqMW2q1uHethw8wqIll56aYmD8Yb1CfiLWSsdSZ4", HostKeys.fingerprint(openSshPublicKey(
                "AAAAB3NzaC1yc2EAAAADAQABAAABAQCzZlhk52+mJfSoXWLeJiTCKH9At3op79+BSkPzTPt94F4MUmjmIxFgn0i6JkzmJjtxQfAsF64SJuc9XZeEs"
                        + "XK5/MgkU/ccGNZ0qKvzN6OC8E5R6PpM88mvhgmnmGq5UXokmF9ciZKbFK4Wsl8DYsEfG4Ckbj0WcXSnUGVn+ZqHIkWqL0S0sN0LrEa0vYRdhgBLg"
                        + "oTi+9baIJhK7MgHbIM+zt7BmgaXqPQO29husaUYTD1dA/1oHherCaN58otA5Ue0Dkhjx0J6Z42QVwi3y6SWotu4FKE3DHqV26GV2pTMfXoYotBzv"
                        + "ak4N+c/CnyAvJSh+r+Y1pmQ1qzEuiLsJL6j")));
    }

    @Test
    void fingerprintLooksLikeSshKeygens() throws Exception {
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(BigInteger.ONE.shiftLeft(1023).add(BigInteger.valueOf(0x1234567)), BigInteger.valueOf(65537)));
        String fp = HostKeys.fingerprint(key);
        assertTrue(fp.matches("SHA256:[A-Za-z0-9+/]{43}"), fp);
        assertFalse(fp.endsWith("="));
        assertEquals(fp, HostKeys.fingerprint(key));
        assertEquals(fp, HostKeys.normalise(fp));
    }

    @Test
    void credentialsHideSecrets() {
        assertFalse(new Credentials.Password("hunter2").toString().contains("hunter2"));
        String pem = faastestbed.node.testkit.SshKeys.generateEd25519("test").privateKeyPem();
        Credentials.PrivateKey key = new Credentials.PrivateKey(pem, "pw");
        assertFalse(key.toString().contains("pw") || key.toString().contains("PRIVATE KEY"), key.toString());
        assertEquals("password", new Credentials.Password("x").kind());
        assertEquals("key", new Credentials.PrivateKey(pem, null).kind());
    }
}
