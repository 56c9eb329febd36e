package faastestbed.plots.charts;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Names of the chart files: fixed ones, and safe, unique stems for function names. */
public final class FileNames {
    /** Charts over all functions, one file each. */
    public static final String START_TYPES = "start_types.png";
    public static final String COLD_VS_IDLE = "cold_vs_idle_memory.png";
    public static final String POOL_OVER_TIME = "pool_over_time.png";

    private FileNames() {
    }

    /** Keeps only [A-Za-z0-9._-]; anything else becomes '_'. Names that would be empty or dots only become "_". */
    public static String sanitize(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.chars().allMatch(c -> c == '.') ? "_" + s.replace('.', '_') : s;
    }

    /**
     * Stems for all functions at once, so two names that sanitise alike ("a b" and "a_b") do not overwrite
     * each other's charts: each colliding name gets a suffix from its own hash, so the result does not depend
     * on the order of names.
     */
    public static Map<String, String> stems(Collection<String> functions) {
        Map<String, Integer> uses = new HashMap<>();
        for (String f : new TreeSet<>(functions)) {
            uses.merge(sanitize(f), 1, Integer::sum);
        }
        Map<String, String> stems = new HashMap<>();
        for (String f : new TreeSet<>(functions)) {
            String s = sanitize(f);
            stems.put(f, uses.get(s) > 1 ? s + "-" + String.format(Locale.ROOT, "%08x", f.hashCode()) : s);
        }
        return stems;
    }
}
