package faastestbed.client.workload;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SyntheticTraceTest {
    @Test
    void committedFileIsExactlyTheGeneratorsOutput() throws Exception {
        assertEquals(SyntheticTraceGenerator.generate(), Files.readString(TestFiles.syntheticTrace(), StandardCharsets.UTF_8),
                "workloads/azure-synthetic.d01.csv drifted from SyntheticTraceGenerator; regenerate it with its main method");
    }
}
