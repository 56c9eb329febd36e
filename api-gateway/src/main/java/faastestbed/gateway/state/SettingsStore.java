package faastestbed.gateway.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import faastestbed.gateway.cluster.ConfigChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * The run-time settings last set (policy, mode, prepared nodes, path, node limits, keep-alive, run and cell tags),
 * as the change that restores them: a restarted gateway prepares its nodes for the mode they were in.
 */
@ApplicationScoped
public class SettingsStore {
    private static final String CONFIG = "config";

    private final StateDb db;
    private final ObjectMapper json;

    @Inject
    public SettingsStore(StateDb db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public void save(ConfigChange settings) {
        if (!db.enabled()) {
            return;
        }
        try {
            db.update("MERGE INTO settings (name, content) KEY (name) VALUES (?, ?)", CONFIG,
                    json.writeValueAsString(settings));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the settings as JSON", e);
        }
    }

    public Optional<ConfigChange> load() {
        if (!db.enabled()) {
            return Optional.empty();
        }
        String text = db.call(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT content FROM settings WHERE name = ?")) {
                s.setString(1, CONFIG);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(text, ConfigChange.class));
        } catch (JsonProcessingException e) {
            throw new StateUnusable("the stored settings are not readable: " + e.getOriginalMessage());
        }
    }
}
