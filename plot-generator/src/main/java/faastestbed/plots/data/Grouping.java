package faastestbed.plots.data;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.common.model.ExecutionMode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Splits rows into per-function, per-label groups. */
public final class Grouping {
    /** Shown for rows whose Execution Mode cell is empty, so they are grouped and visible rather than dropped. */
    public static final String NO_LABEL = "(no label)";

    /** Chart order: Cold, Pre-warmed, Warmed, then labels naming no mode; by label within each. */
    public static final Comparator<Group> CHART_ORDER = Comparator
            .comparingInt((Group g) -> g.mode().map(Enum::ordinal).orElse(ExecutionMode.values().length))
            .thenComparing(Group::label);

    private Grouping() {
    }

    public static String label(MetricsRecord r) {
        return r.executionMode().isBlank() ? NO_LABEL : r.executionMode();
    }

    /** Groups sorted by function, then label (plain string order). */
    public static List<Group> byFunctionAndLabel(List<MetricsRecord> records) {
        Map<String, Map<String, List<MetricsRecord>>> map = new TreeMap<>();
        for (MetricsRecord r : records) {
            map.computeIfAbsent(r.function(), f -> new TreeMap<>())
                    .computeIfAbsent(label(r), l -> new ArrayList<>()).add(r);
        }
        List<Group> groups = new ArrayList<>();
        map.forEach((function, byLabel) -> byLabel.forEach((label, rows) ->
                groups.add(new Group(function, label, modeOf(label, rows), rows))));
        return List.copyOf(groups);
    }

    /** Groups per function, functions sorted, groups of each in {@link #CHART_ORDER}. */
    public static Map<String, List<Group>> byFunction(List<Group> groups) {
        Map<String, List<Group>> map = new LinkedHashMap<>();
        groups.stream().sorted(Comparator.comparing(Group::function).thenComparing(CHART_ORDER))
                .forEach(g -> map.computeIfAbsent(g.function(), f -> new ArrayList<>()).add(g));
        return map;
    }

    /**
     * The label decides (so a label keeps its colour whatever the rows say); a label naming no mode falls back
     * to the most frequent Mode column value of its rows, ties broken by mode order, for determinism.
     */
    static Optional<ExecutionMode> modeOf(String label, List<MetricsRecord> rows) {
        Optional<ExecutionMode> fromLabel = ExecutionMode.fromLabel(label);
        if (fromLabel.isPresent()) {
            return fromLabel;
        }
        Map<ExecutionMode, Long> counts = new TreeMap<>();
        rows.stream().map(MetricsRecord::mode).filter(Objects::nonNull).forEach(m -> counts.merge(m, 1L, Long::sum));
        return counts.entrySet().stream()
                .max(Map.Entry.<ExecutionMode, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey);
    }
}
