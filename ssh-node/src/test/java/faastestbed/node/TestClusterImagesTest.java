package faastestbed.node;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faastestbed.node.testkit.TestCluster;
import org.junit.jupiter.api.Test;

/** Fast checks of the kit that start no container (removal of everything is checked by SshNodeClusterTest). */
class TestClusterImagesTest {

    @Test
    void missingImageFailsWithAHintAndNeverPulls() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestCluster.builder().imagePrefix("faas-testbed-no-such-prefix").nodes(1).start());
        assertTrue(e.getMessage().contains("run scripts/build-images.sh"), e.getMessage());
        assertTrue(e.getMessage().contains("faas-testbed-no-such-prefix/ssh-node:latest"), e.getMessage());
    }

    @Test
    void missingFunctionImageFailsBeforeAnyContainerStarts() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestCluster.builder().functions("no-such-function").nodes(1).start());
        assertTrue(e.getMessage().contains("no-such-function:latest"), e.getMessage());
        assertTrue(e.getMessage().contains("run scripts/build-images.sh"), e.getMessage());
    }
}
