package faastestbed.client.workload;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files of the project outside the module (the build passes the project root as testbed.root). */
public final class TestFiles {
    private TestFiles() {
    }

    public static Path projectRoot() {
        String root = System.getProperty("testbed.root");
        Path p = root != null && !root.isBlank() ? Path.of(root) : Path.of("..");
        if (!Files.isDirectory(p.resolve("workloads"))) {
            p = Path.of("").toAbsolutePath().getParent(); // run from the module directory by an IDE
        }
        return p;
    }

    public static Path syntheticTrace() {
        return projectRoot().resolve("workloads").resolve("azure-synthetic.d01.csv");
    }
}
