package faastestbed.client.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Raw key/value settings, layered: later layers override earlier ones key by key.
 * Each value remembers where it came from, so an error can name the flag or file the person has to fix.
 */
public final class Settings {

    /**
     * @param text   the raw text, trimmed
     * @param origin a flag ("--cycles") or a description of the file ("workload.properties")
     */
    public record Value(String key, String text, String origin) {
        /** How an error message names this value: the flag itself, or "key (in file)". */
        public String describe() {
            return origin.startsWith("--") ? origin : key + " (in " + origin + ")";
        }
    }

    private final Map<String, Value> values;

    private Settings(Map<String, Value> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Settings empty() {
        return new Settings(new LinkedHashMap<>());
    }

    /** A copy with every key of {@code properties} set (sorted, so iteration order never depends on hashing). */
    public Settings with(Properties properties, String origin) {
        Map<String, Value> copy = new LinkedHashMap<>(values);
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            copy.put(key, new Value(key, properties.getProperty(key).trim(), origin));
        }
        return new Settings(copy);
    }

    public Settings with(String key, String text, String origin) {
        Map<String, Value> copy = new LinkedHashMap<>(values);
        copy.put(key, new Value(key, text.trim(), origin));
        return new Settings(copy);
    }

    public Optional<Value> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value's text, or "" when the key is absent: an empty value means "not set" everywhere. */
    public String text(String key) {
        Value v = values.get(key);
        return v == null ? "" : v.text();
    }

    public Map<String, Value> asMap() {
        return values;
    }
}
