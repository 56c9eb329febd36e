package faastestbed.gateway.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import faastestbed.gateway.cluster.FunctionRegistration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Registered functions, each as the registration it was accepted with (JSON): a field added to the request later is
 * kept without a schema change. The id is the function's name today; it is a string so that it can carry more.
 */
@ApplicationScoped
public class FunctionStore {
    public record Stored(String id, FunctionRegistration registration, Instant registeredAt) {
    }

    private final StateDb db;
    private final ObjectMapper json;

    @Inject
    public FunctionStore(StateDb db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public void save(String id, FunctionRegistration r, Instant registeredAt) {
        if (!db.enabled()) {
            return;
        }
        String text;
        try {
            text = json.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a function registration as JSON", e);
        }
        db.update("MERGE INTO functions (id, registration, registered_at) KEY (id) VALUES (?, ?, ?)", id, text,
                registeredAt);
    }

    public void delete(String id) {
        if (db.enabled()) {
            db.update("DELETE FROM functions WHERE id = ?", id);
        }
    }

    /** In the order they were registered. */
    public List<Stored> all() {
        if (!db.enabled()) {
            return List.of();
        }
        return db.call(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, registration, registered_at FROM functions ORDER BY registered_at, id");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    FunctionRegistration reg;
                    try {
                        reg = json.readValue(r.getString("registration"), FunctionRegistration.class);
                    } catch (JsonProcessingException e) {
                        throw new StateUnusable("the stored registration of function '" + r.getString("id")
                                + "' is not readable: " + e.getOriginalMessage());
                    }
                    out.add(new Stored(r.getString("id"), reg, StateDb.instant(r, "registered_at")));
                }
            }
            return out;
        });
    }
}
