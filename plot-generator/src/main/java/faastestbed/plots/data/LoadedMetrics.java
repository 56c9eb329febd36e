package faastestbed.plots.data;

import faastestbed.common.metrics.MetricsCsvReader.Problem;
import faastestbed.common.metrics.MetricsRecord;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything read from a results directory.
 *
 * @param csvFiles   every *.csv found, in the order read
 * @param readFiles  those that had the required columns (a subset of csvFiles)
 * @param records    rows read, in file then line order
 * @param problems   malformed rows, with file and line
 * @param fileErrors one message per CSV that could not be read at all (e.g. missing columns), naming the file
 */
public record LoadedMetrics(List<Path> csvFiles, List<Path> readFiles, List<MetricsRecord> records,
                            List<Problem> problems, List<String> fileErrors) {
    public LoadedMetrics {
        csvFiles = List.copyOf(csvFiles);
        readFiles = List.copyOf(readFiles);
        records = List.copyOf(records);
        problems = List.copyOf(problems);
        fileErrors = List.copyOf(fileErrors);
    }
}
