package faastestbed.gateway.namespace;

import faastestbed.gateway.domain.TestbedException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeployedImagesTest {
    @Test
    void eachNamespaceDeploysUnderAPathOfItsOwn() {
        assertEquals("deployed/hello", DeployedImages.repository("default", "hello"));
        assertEquals("deployed/acme/hello", DeployedImages.repository("acme", "hello"));
        assertEquals("deployed/acme/my-fn-2", DeployedImages.repository("acme", "My_Fn..2"));
    }

    @Test
    void theRepositoryPathIgnoresHostTagAndDigest() {
        assertArrayEquals(new String[]{"deployed", "acme", "x"}, DeployedImages.path("registry:5000/deployed/acme/x:b12"));
        assertArrayEquals(new String[]{"deployed", "acme", "x"}, DeployedImages.path("REGISTRY:5001/Deployed/acme/x@sha256:ab"));
        assertArrayEquals(new String[]{"deployed", "x"}, DeployedImages.path("localhost/deployed/x"));
        assertArrayEquals(new String[]{"deployed", "x"}, DeployedImages.path("deployed/x:latest"));
        assertArrayEquals(new String[]{"library", "deployed"}, DeployedImages.path("library/deployed"));
    }

    @Test
    void aFunctionMayUseTheDeployedImagesOfItsOwnNamespaceOnly() {
        assertDoesNotThrow(() -> DeployedImages.checkUse("acme", "registry:5000/deployed/acme/x:b1"));
        assertDoesNotThrow(() -> DeployedImages.checkUse("default", "registry:5000/deployed/x:b1"));
        assertDoesNotThrow(() -> DeployedImages.checkUse("acme", "registry:5000/fib-python:latest"));
        assertDoesNotThrow(() -> DeployedImages.checkUse("acme", "registry:5000/other/deployed/x"));

        TestbedException other = assertThrows(TestbedException.class,
                () -> DeployedImages.checkUse("acme", "registry:5000/deployed/globex/secret:b1"));
        assertEquals(TestbedException.Kind.BAD_INPUT, other.kind());
        assertTrue(other.getMessage().contains("namespace 'globex'"), other.getMessage());
        assertThrows(TestbedException.class, () -> DeployedImages.checkUse("acme", "registry:5000/deployed/x:b1"),
                "deployed/<name> is the default namespace's");
        assertThrows(TestbedException.class, () -> DeployedImages.checkUse("default", "registry:5001/deployed/acme/x"),
                "another host name for the same registry changes nothing");
        assertThrows(TestbedException.class, () -> DeployedImages.checkUse("acme", "registry:5000/DEPLOYED/globex/x"));
    }
}
