package faastestbed.gateway.state;

import faastestbed.gateway.namespace.Namespace;
import faastestbed.gateway.namespace.NamespaceLimits;
import faastestbed.gateway.namespace.TokenRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Namespaces with their limits, and the tokens of each (id and hash only). */
@ApplicationScoped
public class NamespaceStore {
    private final StateDb db;

    @Inject
    public NamespaceStore(StateDb db) {
        this.db = db;
    }

    /** Its limits too: a namespace is saved again when they change (the default one only then). */
    public void save(Namespace ns) {
        if (!db.enabled()) {
            return;
        }
        db.update("MERGE INTO namespaces (name, max_concurrent, max_warm_memory_mb, created_at) KEY (name) "
                + "VALUES (?, ?, ?, ?)", ns.name(), ns.limits().maxConcurrent(), ns.limits().maxWarmMemoryMb(),
                ns.createdAt());
    }

    /** The namespace and its tokens. */
    public void delete(String name) {
        if (db.enabled()) {
            db.call(c -> {
                c.setAutoCommit(false);
                try (PreparedStatement t = c.prepareStatement("DELETE FROM namespace_tokens WHERE namespace = ?");
                     PreparedStatement n = c.prepareStatement("DELETE FROM namespaces WHERE name = ?")) {
                    t.setString(1, name);
                    t.executeUpdate();
                    n.setString(1, name);
                    n.executeUpdate();
                    c.commit();
                } catch (java.sql.SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
                return null;
            });
        }
    }

    public void saveToken(TokenRecord t) {
        if (db.enabled()) {
            db.update("INSERT INTO namespace_tokens (id, namespace, hash, created_at) VALUES (?, ?, ?, ?)", t.id(),
                    t.namespace(), t.hash(), t.createdAt());
        }
    }

    public void deleteToken(String id) {
        if (db.enabled()) {
            db.update("DELETE FROM namespace_tokens WHERE id = ?", id);
        }
    }

    public List<Namespace> all() {
        if (!db.enabled()) {
            return List.of();
        }
        return db.call(c -> {
            List<Namespace> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name, max_concurrent, max_warm_memory_mb, created_at FROM namespaces ORDER BY name");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    NamespaceLimits limits;
                    try {
                        limits = new NamespaceLimits(r.getInt("max_concurrent"), r.getLong("max_warm_memory_mb"));
                    } catch (IllegalArgumentException e) {
                        throw new StateUnusable("the stored limits of namespace '" + r.getString("name") + "': "
                                + e.getMessage());
                    }
                    out.add(new Namespace(r.getString("name"), limits, StateDb.instant(r, "created_at")));
                }
            }
            return out;
        });
    }

    public List<TokenRecord> tokens() {
        if (!db.enabled()) {
            return List.of();
        }
        return db.call(c -> {
            List<TokenRecord> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, namespace, hash, created_at FROM namespace_tokens ORDER BY created_at, id");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new TokenRecord(r.getString("id"), r.getString("namespace"), r.getString("hash"),
                            StateDb.instant(r, "created_at")));
                }
            }
            return out;
        });
    }
}
