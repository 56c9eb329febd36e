package faastestbed.plots.data;

import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsCsvReader.Problem;
import faastestbed.common.metrics.MetricsFormatException;
import faastestbed.common.metrics.PoolCsv;
import faastestbed.common.metrics.PoolSample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the pool CSVs of a results directory with the shared {@link PoolCsv} reader. */
public final class PoolLoader {
    private PoolLoader() {
    }

    /** As {@link MetricsLoader#load}: sorted by name, unreadable files reported rather than thrown. */
    public static LoadedPool load(Path dir) throws IOException {
        List<Path> read = new ArrayList<>();
        List<PoolSample> samples = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path csv : MetricsLoader.csvFiles(dir).stream().filter(MetricsLoader::isPoolFile).toList()) {
            // Per file, so a file that fails half-way adds none of its rows.
            List<PoolSample> of = new ArrayList<>();
            try {
                MetricsCsvReader.Result r = PoolCsv.read(csv, of);
                read.add(csv);
                samples.addAll(of);
                problems.addAll(r.problems());
            } catch (MetricsFormatException e) {
                errors.add(e.getMessage());
            }
        }
        return new LoadedPool(read, samples, problems, errors);
    }
}
