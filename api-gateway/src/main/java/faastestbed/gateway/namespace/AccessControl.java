package faastestbed.gateway.namespace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who a token stands for. With an admin token configured (its text, or a file holding it), every request needs a
 * token; with none, the API is open and every caller is the admin, as before tokens existed (the gateway says so at
 * start). Only the hash of the admin token is held.
 */
@ApplicationScoped
public class AccessControl {
    private static final Logger LOG = Logger.getLogger(AccessControl.class);
    private final String adminHash;
    private final NamespaceRegistry namespaces;

    @Inject
    public AccessControl(NamespaceRegistry namespaces,
                         @ConfigProperty(name = "testbed.auth.admin-token") Optional<String> adminToken,
                         @ConfigProperty(name = "testbed.auth.admin-token-file") Optional<String> adminTokenFile) {
        this.namespaces = namespaces;
        String token = adminToken.map(String::strip).filter(t -> !t.isEmpty()).orElse(null);
        if (token == null && adminTokenFile.isPresent() && !adminTokenFile.get().isBlank()) {
            token = read(Path.of(adminTokenFile.get().strip()));
        }
        if (token != null && token.length() < 16) {
            throw new IllegalStateException("the admin token is shorter than 16 characters: use a random one "
                    + "(./start.sh writes one into .testbed/admin-token)");
        }
        this.adminHash = token == null ? null : Tokens.hash(token);
        if (token == null) {
            LOG.warn("no admin token (testbed.auth.admin-token / testbed.auth.admin-token-file): the API is open to "
                    + "anyone who can reach it, every caller acts as the admin");
        }
    }

    private static String read(Path file) {
        try {
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (t.isEmpty()) {
                throw new IllegalStateException("the admin token file " + file + " is empty");
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token file " + file + ": " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return adminHash != null;
    }

    /** The caller a bearer token stands for; empty when it stands for no one (or none was given while tokens are on). */
    public Optional<Caller> caller(String token) {
        if (!enabled()) {
            return Optional.of(Caller.ADMIN);
        }
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        if (Tokens.sameHash(Tokens.hash(token), adminHash)) {
            return Optional.of(Caller.ADMIN);
        }
        return namespaces.member(token).map(m -> m);
    }
}
