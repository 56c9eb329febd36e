package faastestbed.gateway.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import faastestbed.common.model.InvocationPath;
import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.invocation.AsyncInvocations.Status;
import faastestbed.gateway.invocation.InvocationResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Asynchronous invocations: the payload while one waits (dropped once it ran), its status and times, and its answer
 * (JSON, as {@code GET /invocations/{id}} gives it) until it expires.
 */
@ApplicationScoped
public class AsyncStore {
    /** One stored invocation; {@code payload} is null once it ran. */
    public record Stored(String id, String function, InvocationPath path, byte[] payload, Status status,
                         Instant submittedAt, Instant startedAt, Instant endedAt, long queueMs, InvocationResult result,
                         String error, TestbedException.Kind failure, Instant expiresAt) {
    }

    private final StateDb db;
    private final ObjectMapper json;

    @Inject
    public AsyncStore(StateDb db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public boolean enabled() {
        return db.enabled();
    }

    public void queued(String id, String function, InvocationPath path, byte[] payload, Instant submittedAt) {
        if (db.enabled()) {
            db.update("INSERT INTO async_invocations (id, function_id, path, payload, status, submitted_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", id, function, path == null ? null : path.id(), payload,
                    Status.QUEUED.name(), submittedAt);
        }
    }

    public void started(String id, Instant startedAt) {
        if (db.enabled()) {
            db.update("UPDATE async_invocations SET status = ?, started_at = ? WHERE id = ?", Status.RUNNING.name(),
                    startedAt, id);
        }
    }

    /** It ended (or was refused): its answer is kept until {@code expiresAt}, its payload no longer. */
    public void ended(String id, Status status, Instant endedAt, long queueMs, InvocationResult result, String error,
                      TestbedException.Kind failure, Instant expiresAt) {
        if (!db.enabled()) {
            return;
        }
        String text;
        try {
            text = result == null ? null : json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an invocation's answer as JSON", e);
        }
        db.update("UPDATE async_invocations SET status = ?, ended_at = ?, queue_ms = ?, result = ?, error = ?,"
                        + " failure = ?, expires_at = ?, payload = NULL WHERE id = ?", status.name(), endedAt, queueMs,
                text, error, failure == null ? null : failure.name(), expiresAt, id);
    }

    public void delete(Collection<String> ids) {
        if (!db.enabled() || ids.isEmpty()) {
            return;
        }
        db.call(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM async_invocations WHERE id = ?")) {
                for (String id : ids) {
                    s.setString(1, id);
                    s.addBatch();
                }
                return s.executeBatch().length;
            }
        });
    }

    /** Every invocation whose answer has not expired by {@code now}, oldest first; expired ones are deleted. */
    public List<Stored> load(Instant now) {
        if (!db.enabled()) {
            return List.of();
        }
        db.update("DELETE FROM async_invocations WHERE expires_at IS NOT NULL AND expires_at < ?", now);
        return db.call(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM async_invocations ORDER BY submitted_at, id");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        });
    }

    private Stored row(ResultSet r) throws java.sql.SQLException {
        String id = r.getString("id");
        String path = r.getString("path");
        String result = r.getString("result");
        String failure = r.getString("failure");
        InvocationResult answer;
        try {
            answer = result == null ? null : json.readValue(result, InvocationResult.class);
        } catch (JsonProcessingException e) {
            throw new StateUnusable("the stored answer of asynchronous invocation " + id + " is not readable: "
                    + e.getOriginalMessage());
        }
        long queueMs = r.getLong("queue_ms");
        if (r.wasNull()) {
            queueMs = -1;
        }
        return new Stored(id, r.getString("function_id"), path == null ? null : InvocationPath.parse(path).orElse(null),
                r.getBytes("payload"), Status.valueOf(r.getString("status")), StateDb.instant(r, "submitted_at"),
                StateDb.instant(r, "started_at"), StateDb.instant(r, "ended_at"), queueMs, answer,
                r.getString("error"), failure == null ? null : TestbedException.Kind.valueOf(failure),
                StateDb.instant(r, "expires_at"));
    }
}
