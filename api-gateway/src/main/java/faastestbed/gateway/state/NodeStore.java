package faastestbed.gateway.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import faastestbed.gateway.cluster.NodeRegistration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Registered nodes. The registration is kept as JSON without its password and private key; those two are sealed
 * ({@link SecretBox}) with the node's name as context, so the database file never holds them in the clear.
 */
@ApplicationScoped
public class NodeStore {
    /** What a node was registered with (its host key fingerprint as pinned then), and when. */
    public record Stored(NodeRegistration registration, Instant registeredAt) {
    }

    /** The sealed part of a registration. */
    private record Secrets(String password, String privateKey) {
    }

    private final StateDb db;
    private final ObjectMapper json;

    @Inject
    public NodeStore(StateDb db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public void save(NodeRegistration r, Instant registeredAt) {
        if (!db.enabled()) {
            return;
        }
        NodeRegistration open = new NodeRegistration(r.name(), r.host(), r.port(), r.username(), null, null,
                r.hostKeyFingerprint(), r.memoryMb());
        byte[] sealed = db.box().seal(bytes(new Secrets(r.password(), r.privateKey())), context(r.name()));
        db.update("MERGE INTO nodes (name, registration, secrets, registered_at) KEY (name) VALUES (?, ?, ?, ?)",
                r.name(), text(open), sealed, registeredAt);
    }

    public void delete(String name) {
        if (db.enabled()) {
            db.update("DELETE FROM nodes WHERE name = ?", name);
        }
    }

    /** In the order they were registered, credentials opened. */
    public List<Stored> all() {
        if (!db.enabled()) {
            return List.of();
        }
        SecretBox box = db.box();
        return db.call(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name, registration, secrets, registered_at FROM nodes ORDER BY registered_at, name");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String name = r.getString("name");
                    NodeRegistration open = read(r.getString("registration"), NodeRegistration.class);
                    Secrets secrets;
                    try {
                        secrets = read(new String(box.open(r.getBytes("secrets"), context(name)), StandardCharsets.UTF_8),
                                Secrets.class);
                    } catch (SecretBox.WrongKey e) {
                        throw new StateUnusable("the stored credentials of node '" + name + "' do not open with the"
                                + " state key (" + e.getMessage() + "): give the key they were written with, or"
                                + " start fresh by removing the state directory (testbed.state.dir)");
                    }
                    out.add(new Stored(new NodeRegistration(name, open.host(), open.port(), open.username(),
                            secrets.password(), secrets.privateKey(), open.hostKeyFingerprint(), open.memoryMb()),
                            StateDb.instant(r, "registered_at")));
                }
            }
            return out;
        });
    }

    private static String context(String name) {
        return "node:" + name;
    }

    private byte[] bytes(Object o) {
        return text(o).getBytes(StandardCharsets.UTF_8);
    }

    private String text(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StateUnusable("a stored " + type.getSimpleName() + " is not readable: " + e.getOriginalMessage());
        }
    }
}
