package faastestbed.gateway.function;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FunctionSpecTest {
    @Test
    void copiesItsCommandAndNamesItsWarmContainer() {
        List<String> cmd = new ArrayList<>(List.of("python", "fib.py"));
        FunctionSpec f = new FunctionSpec("fib", "registry:5000/fib-python:latest", cmd, FunctionSpec.DEFAULT_KEEP_ALIVE,
                Instant.EPOCH);
        cmd.add("changed");
        assertEquals(List.of("python", "fib.py"), f.command());
        assertThrows(UnsupportedOperationException.class, () -> f.command().add("x"));
        assertEquals("faas-warm-fib", f.warmContainerName());
        assertEquals(List.of("sleep", "infinity"), f.keepAliveCommand());
    }
}
