package faastestbed.node.testkit;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * A real testbed for tests: a private registry and N execution nodes (sshd + their own Docker engine, each capped at
 * 0.5 CPU / 512 MB by default) on one Docker network, with the function images pushed to the registry.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.start(2)) {
 *     NodeHandle node = cluster.nodes().get(0);
 *     try (NodeSsh ssh = node.ssh()) {
 *         ssh.exec("docker run --rm " + cluster.registryImage("fib-native") + " /fib 30");
 *     }
 * }
 * }</pre>
 *
 * <p>Uses the images built by {@code scripts/build-images.sh} ({@code <prefix>/ssh-node}, {@code <prefix>/registry},
 * {@code <prefix>/<function>}, all {@code :latest}; prefix from the system property {@code testbed.image.prefix},
 * default {@code faas-testbed}) and never pulls. Inside the cluster network the registry is {@code registry:5000}
 * and the nodes are {@code node1..nodeN}. {@link #close()} removes every container, its volumes and the network.
 *
 * <p>The registry is pulled from anonymously on {@code registry:5000}, which is read-only; pushes go to its port
 * {@value #REGISTRY_PUSH_PORT} and need the user {@value #REGISTRY_PUSH_USER} with a password random per cluster
 * ({@link #registryPushPassword()}), which only the host side of the test knows: nodes and functions cannot push.
 */
public final class TestCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestCluster.class);

    public static final String DEFAULT_IMAGE_PREFIX = "faas-testbed";
    public static final String IMAGE_PREFIX_PROPERTY = "testbed.image.prefix";
    public static final List<String> DEFAULT_FUNCTIONS = List.of("fib-native", "fib-python");
    public static final String DEFAULT_USERNAME = "sshuser";
    public static final String REGISTRY_ALIAS = "registry";
    public static final int REGISTRY_PORT = 5000;
    /** The registry's push port: basic auth ({@link #REGISTRY_PUSH_USER}, {@link #registryPushPassword()}). */
    public static final int REGISTRY_PUSH_PORT = 5001;
    public static final String REGISTRY_PUSH_USER = "pusher";
    public static final int SSH_PORT = 22;
    public static final String LABEL = "faas-testbed.cluster";

    /**
     * What a node needs beyond nothing; each was dropped in turn and something broke (SYS_PTRACE, SYS_MODULE and
     * DAC_READ_SEARCH were dropped: engine start, pull, run, exec, restart, limits, iptables and logins work without).
     * <ul>
     * <li>SYS_ADMIN: own cgroup namespace, cgroup remounts, overlay2 and every mount runc makes for a container;</li>
     * <li>NET_ADMIN: iptables (dockerd does not start without its NAT chains; the node's isolation rules), the
     * docker0 bridge and the containers' veth pairs;</li>
     * <li>MKNOD, SETFCAP, NET_RAW, AUDIT_WRITE, SYS_CHROOT: Docker's default set, pinned because runc hands each to
     * every function container and fails ("unable to apply caps") when the node lacks one; SYS_CHROOT is also sshd's
     * privilege separation (no login without it).</li>
     * </ul>
     * Plus {@link #NODE_SECURITY_OPTS}: Docker's default seccomp profile refuses runc's session keyring (no function
     * container starts); its default AppArmor profile forbids mount (no-op on hosts without AppArmor).
     */
    static final List<Capability> NODE_CAPS = List.of(Capability.SYS_ADMIN, Capability.NET_ADMIN,
            Capability.MKNOD, Capability.SYS_CHROOT, Capability.SETFCAP, Capability.NET_RAW, Capability.AUDIT_WRITE);
    static final List<String> NODE_SECURITY_OPTS = List.of("seccomp=unconfined", "apparmor=unconfined");

    private final Builder config;
    private final String clusterId = UUID.randomUUID().toString().substring(0, 8);
    private final SshKeys.SshKeyPair keys;
    private final Network network;
    private final GenericContainer<?> registry;
    private final String registryPushPassword = randomPassword();
    private final List<NodeHandle> nodes = new ArrayList<>();
    private final List<String> pushed = Collections.synchronizedList(new ArrayList<>());
    private volatile Duration startup = Duration.ZERO;
    private volatile Duration pushDuration = Duration.ZERO;

    /** Starts a cluster of {@code nodeCount} nodes with the defaults (0.5 CPU, 512 MB, fib-native + fib-python). */
    public static TestCluster start(int nodeCount) {
        return builder().nodes(nodeCount).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a cluster; {@link #start()} builds it. */
    public static final class Builder {
        private int nodeCount = 2;
        private double cpus = 0.5;
        private long memoryMb = 512;
        private List<String> functions = DEFAULT_FUNCTIONS;
        private String imagePrefix = System.getProperty(IMAGE_PREFIX_PROPERTY, DEFAULT_IMAGE_PREFIX);
        private String password;
        private final Map<String, String> nodeEnv = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(180);

        private Builder() {
        }

        public Builder nodes(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("need at least one node");
            }
            this.nodeCount = count;
            return this;
        }

        /** CPU limit per node in cores (Docker NanoCpus); default 0.5. */
        public Builder cpus(double cores) {
            if (cores <= 0) {
                throw new IllegalArgumentException("cpus must be > 0");
            }
            this.cpus = cores;
            return this;
        }

        /** Memory limit per node in MiB (no extra swap); default 512. */
        public Builder memoryMb(long mb) {
            if (mb < 64) {
                throw new IllegalArgumentException("memoryMb must be >= 64");
            }
            this.memoryMb = mb;
            return this;
        }

        /** Function images ({@code <prefix>/<name>:latest}) to push to the registry; default fib-native, fib-python. */
        public Builder functions(String... names) {
            this.functions = List.of(names);
            return this;
        }

        public Builder imagePrefix(String prefix) {
            this.imagePrefix = Objects.requireNonNull(prefix);
            return this;
        }

        /**
         * Password of {@code sshuser} on the nodes (env NODE_PASSWORD), which also switches password login on.
         * Default none: nodes accept the cluster key only and {@link NodeHandle#password()} is {@code null}.
         */
        public Builder password(String password) {
            this.password = password == null || password.isEmpty() ? null : password;
            return this;
        }

        /**
         * One more environment variable of every node's entrypoint, e.g. {@code NODE_ENGINE_HANG_RESTART_S} or
         * {@code NODE_FUNCTION_PIDS_MAX} (see ssh-node/docker/entrypoint.sh).
         */
        public Builder nodeEnv(String name, String value) {
            nodeEnv.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public TestCluster start() {
            TestCluster cluster = new TestCluster(this);
            try {
                cluster.boot();
                return cluster;
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
        }
    }

    private TestCluster(Builder config) {
        this.config = config;
        // Fail before creating anything when an image is missing: never pull.
        requireImage(image("ssh-node"));
        requireImage(image("registry"));
        config.functions.forEach(fn -> requireImage(image(fn)));
        this.keys = SshKeys.generateEd25519("faas-testbed-" + clusterId);
        this.network = Network.newNetwork();
        this.registry = new GenericContainer<>(DockerImageName.parse(image("registry")))
                .withNetwork(network)
                .withNetworkAliases(REGISTRY_ALIAS)
                .withExposedPorts(REGISTRY_PORT, REGISTRY_PUSH_PORT)
                .withEnv("REGISTRY_PUSH_PASSWORD", registryPushPassword)
                .withLabel(LABEL, clusterId)
                .withImagePullPolicy(name -> false)
                // Both sides up: pulls open (200), pushes asking for the password (401).
                .waitingFor(new WaitAllStrategy()
                        .withStrategy(Wait.forHttp("/v2/").forPort(REGISTRY_PORT).forStatusCode(200))
                        .withStrategy(Wait.forHttp("/v2/").forPort(REGISTRY_PUSH_PORT).forStatusCode(401))
                        .withStartupTimeout(config.startupTimeout));
        String password = config.password;
        for (int i = 1; i <= config.nodeCount; i++) {
            String name = "node" + i;
            nodes.add(new NodeHandle(name, nodeContainer(name), DEFAULT_USERNAME, password, keys.privateKeyPem()));
        }
    }

    private GenericContainer<?> nodeContainer(String name) {
        long nanoCpus = Math.round(config.cpus * 1e9);
        long memory = config.memoryMb * 1024 * 1024;
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image("ssh-node")))
                .withNetwork(network)
                .withNetworkAliases(name)
                .withExposedPorts(SSH_PORT)
                .withEnv("NODE_AUTHORIZED_KEYS", keys.authorizedKey())
                .withEnv("NODE_INSECURE_REGISTRIES", REGISTRY_ALIAS + ":" + REGISTRY_PORT + "," + REGISTRY_ALIAS + ":" + REGISTRY_PUSH_PORT)
                .withTmpFs(Map.of("/run", "rw,exec,nosuid,nodev,mode=755"))
                .withLabel(LABEL, clusterId)
                .withImagePullPolicy(n -> false)
                .withCreateContainerCmdModifier((CreateContainerCmd cmd) -> {
                    HostConfig hc = cmd.getHostConfig() != null ? cmd.getHostConfig() : new HostConfig();
                    hc.withCapAdd(NODE_CAPS.toArray(Capability[]::new))
                            .withSecurityOpts(NODE_SECURITY_OPTS)
                            .withNanoCPUs(nanoCpus)
                            .withMemory(memory)
                            .withMemorySwap(memory);
                    cmd.withHostConfig(hc);
                    // Anonymous volume (removed with the container): the nested engine needs a real filesystem
                    // for overlay2, and tmpfs pages would count against the node's memory limit.
                    cmd.withVolumes(new Volume("/var/lib/docker"));
                })
                .waitingFor(new NodeReadyWaitStrategy(SSH_PORT).withStartupTimeout(config.startupTimeout));
        if (config.password != null) {
            c.withEnv("NODE_PASSWORD", config.password);
        }
        config.nodeEnv.forEach(c::withEnv);
        return c;
    }

    private void boot() {
        long t0 = System.nanoTime();
        network.getId(); // create the network once, before the parallel starts
        Map<String, Runnable> tasks = new LinkedHashMap<>();
        // The registry is up in ~1 s; pushing (the engine compresses every layer: seconds of CPU) then overlaps
        // with the nodes' start instead of following it.
        tasks.put("registry", () -> {
            registry.start();
            long t1 = System.nanoTime();
            Map<String, Runnable> pushes = new LinkedHashMap<>();
            config.functions.forEach(fn -> pushes.put(fn, () -> pushFunction(fn)));
            Map<String, Throwable> failed = inParallel(pushes);
            pushDuration = Duration.ofNanos(System.nanoTime() - t1);
            if (!failed.isEmpty()) {
                throw new IllegalStateException("pushing function images failed: " + failed,
                        failed.values().iterator().next());
            }
        });
        for (NodeHandle node : nodes) {
            tasks.put(node.name(), () -> {
                long t1 = System.nanoTime();
                node.container().start();
                node.startupTime(Duration.ofNanos(System.nanoTime() - t1));
            });
        }
        Map<String, Throwable> failures = inParallel(tasks);
        if (!failures.isEmpty()) {
            Map.Entry<String, Throwable> first = failures.entrySet().iterator().next();
            throw new IllegalStateException("test cluster did not start: " + first.getKey() + ": "
                    + first.getValue().getMessage() + (failures.size() > 1 ? " (and " + failures.keySet() + ")" : ""),
                    first.getValue());
        }
        startup = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("test cluster {}: registry + {} nodes ready in {} ms (nodes: {}), pushed {} in {} ms "
                        + "(registry at {})", clusterId, nodes.size(), startup.toMillis(),
                nodes.stream().map(n -> n.name() + " " + n.startupTime().toMillis() + " ms").toList(),
                config.functions, pushDuration.toMillis(), registryHostAddress());
    }

    /**
     * Pushes {@code <prefix>/<function>:latest} from the host engine to the cluster's registry (its push port, with
     * the push password), after which nodes can pull {@link #registryImage(String)}. The temporary
     * {@code localhost:<port>/...} tag is removed again.
     */
    public void pushFunction(String function) {
        String source = image(function);
        requireImage(source);
        DockerClient docker = DockerClientFactory.instance().client();
        String repository = registryHostAddress() + "/" + function;
        docker.tagImageCmd(source, repository, "latest").withForce().exec();
        try {
            PushCallback cb = docker.pushImageCmd(repository).withTag("latest").withAuthConfig(registryPushAuth())
                    .exec(new PushCallback());
            if (!cb.awaitCompletion(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("push of " + repository + " timed out");
            }
            if (cb.error != null) {
                throw new IllegalStateException("push of " + repository + ":latest failed: " + cb.error);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing " + repository, e);
        } finally {
            try {
                docker.removeImageCmd(repository + ":latest").withNoPrune(true).exec();
            } catch (RuntimeException e) {
                LOG.warn("could not remove temporary tag {}:latest: {}", repository, e.getMessage());
            }
        }
        pushed.add(function);
    }

    private static final class PushCallback extends ResultCallback.Adapter<PushResponseItem> {
        volatile String error;

        @Override
        public void onNext(PushResponseItem item) {
            if (item.getErrorDetail() != null) {
                error = item.getErrorDetail().getMessage();
            } else if (item.getError() != null) {
                error = item.getError();
            }
        }
    }

    /** All nodes, in order node1..nodeN. */
    public List<NodeHandle> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The node with this name ("node1", …). */
    public NodeHandle node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    /** The image reference nodes pull: {@code registry:5000/<function>:latest}. */
    public String registryImage(String function) {
        return REGISTRY_ALIAS + ":" + REGISTRY_PORT + "/" + function + ":latest";
    }

    /**
     * Host port mapped to the registry's push port {@value #REGISTRY_PUSH_PORT} (the host engine pushes to
     * {@code localhost:<port>} with {@link #registryPushAuth()}; anonymous requests get 401 there).
     */
    public int registryHostPort() {
        return registry.getMappedPort(REGISTRY_PUSH_PORT);
    }

    /** {@code localhost:<registryHostPort>}: the registry's push side as the host (and its engine) reaches it. */
    public String registryHostAddress() {
        return registry.getHost() + ":" + registryHostPort();
    }

    /** Host port mapped to the registry's port {@value #REGISTRY_PORT}: the anonymous, read-only side nodes pull from. */
    public int registryPullHostPort() {
        return registry.getMappedPort(REGISTRY_PORT);
    }

    /** The push password of this cluster's registry (random per cluster; given to nothing but the registry). */
    public String registryPushPassword() {
        return registryPushPassword;
    }

    /** Credentials for pushing to {@link #registryHostAddress()} with docker-java. */
    public AuthConfig registryPushAuth() {
        return new AuthConfig().withUsername(REGISTRY_PUSH_USER).withPassword(registryPushPassword)
                .withRegistryAddress(registryHostAddress());
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Function images pushed to the registry so far. */
    public List<String> pushedFunctions() {
        return List.copyOf(pushed);
    }

    /** The Docker network of the cluster, for starting more containers next to the nodes. */
    public Network network() {
        return network;
    }

    public GenericContainer<?> registryContainer() {
        return registry;
    }

    /** The cluster's private key (OpenSSH PEM, unencrypted); every node accepts it for {@code sshuser}. */
    public String privateKeyPem() {
        return keys.privateKeyPem();
    }

    /** The matching {@code authorized_keys} line given to the nodes. */
    public String authorizedKey() {
        return keys.authorizedKey();
    }

    /** Time from start until the registry, every node and the pushed images were ready. */
    public Duration startupTime() {
        return startup;
    }

    /** Time spent pushing the function images at start (overlaps with the nodes' start). */
    public Duration pushTime() {
        return pushDuration;
    }

    /** Full image name {@code <prefix>/<name>:latest}. */
    public String image(String name) {
        return config.imagePrefix + "/" + name + ":latest";
    }

    /** Fails with a hint to build the images when {@code image} is not in the local engine. */
    public static void requireImage(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("Docker image " + image + " is missing from the local engine "
                    + "(tests never pull it): run scripts/build-images.sh first", e);
        }
    }

    /** Runs every task in its own thread and waits for all; returns the failures by task name. */
    private static Map<String, Throwable> inParallel(Map<String, Runnable> tasks) {
        Map<String, Throwable> failures = Collections.synchronizedMap(new LinkedHashMap<>());
        List<Thread> threads = new ArrayList<>();
        tasks.forEach((name, task) -> {
            Thread t = new Thread(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    failures.put(name, e);
                }
            }, "test-cluster-" + name);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        });
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.put("interrupted", e);
                break;
            }
        }
        return new LinkedHashMap<>(failures);
    }

    /** Stops and removes every container of the cluster with its volumes, then the network. */
    @Override
    public void close() {
        List<GenericContainer<?>> all = new ArrayList<>();
        nodes.forEach(n -> all.add(n.container()));
        all.add(registry);
        Map<String, Runnable> stops = new LinkedHashMap<>();
        for (GenericContainer<?> c : all) {
            if (c != null && c.getContainerId() != null) {
                stops.put(c.getContainerId().substring(0, 12), c::stop); // kill, then remove with its volumes
            }
        }
        Map<String, Throwable> failures = inParallel(stops);
        if (network != null) {
            try {
                network.close();
            } catch (RuntimeException e) {
                failures.put("network", e);
            }
        }
        failures.forEach((what, e) -> LOG.warn("test cluster {}: cleanup of {} failed: {}", clusterId, what,
                e.toString()));
    }
}
