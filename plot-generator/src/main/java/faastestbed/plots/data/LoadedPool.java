package faastestbed.plots.data;

import faastestbed.common.metrics.MetricsCsvReader.Problem;
import faastestbed.common.metrics.PoolSample;

import java.nio.file.Path;
import java.util.List;

/**
 * The pool CSVs of a results directory; all lists are empty when there are none (static-mode sessions).
 *
 * @param files      pool CSVs read (pool.csv and set-aside pool.&lt;millis&gt;.csv), in the order read
 * @param samples    their rows, in file then line order
 * @param problems   malformed rows, with file and line
 * @param fileErrors one message per pool CSV that could not be read at all, naming the file
 */
public record LoadedPool(List<Path> files, List<PoolSample> samples, List<Problem> problems, List<String> fileErrors) {
    public static final LoadedPool NONE = new LoadedPool(List.of(), List.of(), List.of(), List.of());

    public LoadedPool {
        files = List.copyOf(files);
        samples = List.copyOf(samples);
        problems = List.copyOf(problems);
        fileErrors = List.copyOf(fileErrors);
    }
}
