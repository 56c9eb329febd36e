package faastestbed.gateway.state;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The state database (plain JDBC over the configured data source) and the key that seals credentials in it. Off
 * ({@code testbed.state.enabled=false}) nothing is read or written and the stores keep nothing.
 */
@ApplicationScoped
public class StateDb {
    private static final String KEY_CHECK = "key-check";
    private static final byte[] KEY_CHECK_PLAIN = "faas-testbed state key".getBytes(StandardCharsets.UTF_8);

    private final boolean enabled;
    private final java.util.function.Supplier<DataSource> dataSources;
    private final Optional<String> givenKey;
    private final Path keyFile;
    private final String where;
    private volatile DataSource dataSource;
    private volatile SecretBox box;

    @Inject
    public StateDb(@ConfigProperty(name = "testbed.state.enabled", defaultValue = "true") boolean enabled,
                   Instance<DataSource> dataSources,
                   @ConfigProperty(name = "testbed.state.key") Optional<String> givenKey,
                   @ConfigProperty(name = "testbed.state.key-file", defaultValue = "./state/state.key") Path keyFile,
                   @ConfigProperty(name = "testbed.state.dir", defaultValue = "./state") String dir) {
        this(enabled, dataSources::get, givenKey, keyFile, dir);
    }

    private StateDb(boolean enabled, java.util.function.Supplier<DataSource> dataSources, Optional<String> givenKey,
                    Path keyFile, String dir) {
        this.enabled = enabled;
        this.dataSources = dataSources;
        this.givenKey = givenKey;
        this.keyFile = keyFile;
        this.where = dir;
    }

    /** A database on its own (tests, tools), already migrated; the key is loaded and checked on first use. */
    public static StateDb of(DataSource ds, Optional<String> givenKey, Path keyFile) {
        return new StateDb(true, () -> ds, givenKey, keyFile, "the given data source");
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The credentials key, loaded and checked against the value sealed when the state was first written: a wrong or
     * missing key stops the start with what to do, instead of losing the stored nodes.
     */
    public SecretBox box() {
        SecretBox b = box;
        if (b != null) {
            return b;
        }
        synchronized (this) {
            if (box == null) {
                box = checkedKey();
            }
            return box;
        }
    }

    private SecretBox checkedKey() {
        byte[] check = call(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT content FROM state_meta WHERE name = ?")) {
                s.setString(1, KEY_CHECK);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getBytes(1) : null;
                }
            }
        });
        SecretBox b = new SecretBox(StateKey.load(givenKey, keyFile, check != null));
        if (check == null) {
            byte[] sealed = b.seal(KEY_CHECK_PLAIN, KEY_CHECK);
            update("INSERT INTO state_meta (name, content) VALUES (?, ?)", KEY_CHECK, sealed);
            return b;
        }
        try {
            b.open(check, KEY_CHECK);
        } catch (SecretBox.WrongKey e) {
            throw new StateUnusable("the state key (" + (givenKey.filter(k -> !k.isBlank()).isPresent()
                    ? "TESTBED_STATE_KEY" : "the key file " + keyFile) + ") is not the one the stored state in "
                    + where + " was written with: give that key, or start fresh by removing the state directory"
                    + " (testbed.state.dir; ./start.sh does so unless --keep-state)");
        }
        return b;
    }

    /** Empties every table, the key's check value included: a fresh start, with whatever key is given now. */
    public void forgetAll() {
        call(c -> {
            c.setAutoCommit(false);
            try (java.sql.Statement s = c.createStatement()) {
                for (String table : List.of("namespace_tokens", "namespaces", "async_invocations", "functions", "nodes",
                        "settings", "state_meta")) {
                    s.executeUpdate("DELETE FROM " + table);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return null;
        });
        box = null;
    }

    /** Work on one connection (auto-commit unless the work says otherwise). */
    public interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    public <T> T call(Work<T> work) {
        try (Connection c = dataSource().getConnection()) {
            return work.on(c);
        } catch (SQLException e) {
            throw new StateFailure("the state database failed: " + e.getMessage(), e);
        }
    }

    /** One statement with its parameters; Instants become timestamps with a zone. */
    public int update(String sql, Object... params) {
        return call(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                return s.executeUpdate();
            }
        });
    }

    static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            s.setObject(i + 1, p instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : p);
        }
    }

    static Instant instant(ResultSet r, String column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private DataSource dataSource() {
        if (!enabled) {
            throw new IllegalStateException("the state database is off (testbed.state.enabled=false)");
        }
        DataSource ds = dataSource;
        if (ds == null) {
            ds = dataSource = dataSources.get();
        }
        return ds;
    }

    /** The database did not do what was asked. */
    public static final class StateFailure extends RuntimeException {
        StateFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
