package faastestbed.gateway.build;

import faastestbed.gateway.domain.TestbedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where builds push and nodes pull, as the nodes see the registry: pulls anonymously from {@code
 * testbed.registry.pull}, pushes to {@code testbed.registry.push} as {@code testbed.registry.push-user} with the
 * push password (REGISTRY_PUSH_PASSWORD, else the file {@code testbed.registry.push-password-file}, read at each
 * build so a new password needs no restart). The password goes to a node on an SSH session's stdin only.
 */
@ApplicationScoped
public class RegistryAccess {
    private final String pull;
    private final String push;
    private final String user;
    private final Optional<String> password;
    private final Optional<String> passwordFile;

    @Inject
    public RegistryAccess(@ConfigProperty(name = "testbed.registry.pull", defaultValue = "registry:5000") String pull,
                          @ConfigProperty(name = "testbed.registry.push", defaultValue = "registry:5001") String push,
                          @ConfigProperty(name = "testbed.registry.push-user", defaultValue = "pusher") String user,
                          @ConfigProperty(name = "testbed.registry.push-password") Optional<String> password,
                          @ConfigProperty(name = "testbed.registry.push-password-file") Optional<String> passwordFile) {
        this.pull = pull;
        this.push = push;
        this.user = user;
        this.password = password.filter(p -> !p.isBlank());
        this.passwordFile = passwordFile.filter(p -> !p.isBlank());
    }

    public String pull() {
        return pull;
    }

    public String push() {
        return push;
    }

    public String user() {
        return user;
    }

    /** @throws TestbedException UNAVAILABLE when no password is configured: nothing could be pushed */
    public String password() {
        if (password.isPresent()) {
            return password.get();
        }
        if (passwordFile.isPresent()) {
            try {
                String p = Files.readString(Path.of(passwordFile.get()), StandardCharsets.UTF_8).strip();
                if (!p.isEmpty()) {
                    return p;
                }
            } catch (IOException e) {
                throw unavailable("the push password file cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw unavailable("no push password is configured");
    }

    private static TestbedException unavailable(String why) {
        return new TestbedException(TestbedException.Kind.UNAVAILABLE, "deploying from source needs the registry's push "
                + "password and " + why + ": start the gateway with REGISTRY_PUSH_PASSWORD (./start.sh passes the one "
                + "in .testbed/registry-password) or testbed.registry.push-password-file", null, null);
    }
}
