package faastestbed.client.config;

import faastestbed.common.text.CommandLine;

import faastestbed.client.workload.FunctionPick;
import faastestbed.client.workload.MinuteRange;
import faastestbed.client.workload.WorkloadKind;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Loads the layered settings and turns them into a validated {@link ClientConfig}. */
public final class ConfigReader {
    /** Where the build puts the project's workload.properties inside the jar. */
    public static final String DEFAULTS_RESOURCE = "/faastestbed/client/workload.properties";
    /** Read from the working directory when no --config is given. */
    public static final String DEFAULT_FILE = "workload.properties";

    private static final Set<String> KEYS = Set.of(
            "gateway.url", "gateway.token-file", "request.timeout", "nodes", "ssh.user", "ssh.password", "ssh.key", "functions",
            "policies", "modes", "keep-alives", "paths", "prepared.nodes", "payload.file", "payload.sizes", "workload",
            "cycles", "concurrency",
            "poisson.rate", "poisson.duration", "poisson.count", "poisson.pick",
            "trace.file", "trace.time-compression", "trace.minutes", "open.max-in-flight", "seed", "run.id");
    private static final Pattern FUNCTION_KEY = Pattern.compile(
            "function\\.([^.]+)\\.(image|command|keep-alive|handler|timeout|memory|concurrency|min-idle|max-containers)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");
    /** Docker refuses a memory limit under 6 MB; saying so here beats a failed container start on every node. */
    private static final int MIN_MEMORY_MB = 6;

    /** Workload-specific keys: a flag setting one of them for another workload is almost surely a mistake. */
    private static final Map<String, Set<WorkloadKind>> APPLIES_TO = new TreeMap<>(Map.of(
            "cycles", EnumSet.of(WorkloadKind.SEQUENTIAL, WorkloadKind.CLOSED),
            "concurrency", EnumSet.of(WorkloadKind.CLOSED),
            "poisson.rate", EnumSet.of(WorkloadKind.POISSON),
            "poisson.duration", EnumSet.of(WorkloadKind.POISSON),
            "poisson.count", EnumSet.of(WorkloadKind.POISSON),
            "poisson.pick", EnumSet.of(WorkloadKind.POISSON),
            "trace.file", EnumSet.of(WorkloadKind.TRACE),
            "trace.time-compression", EnumSet.of(WorkloadKind.TRACE),
            "trace.minutes", EnumSet.of(WorkloadKind.TRACE)));

    private ConfigReader() {
    }

    public static boolean isKnownKey(String key) {
        return KEYS.contains(key) || FUNCTION_KEY.matcher(key).matches();
    }

    /** The defaults built into the jar (the project's workload.properties at build time). */
    public static Settings builtInDefaults() {
        try (InputStream in = ConfigReader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in defaults " + DEFAULTS_RESOURCE + " missing from the jar");
            }
            return Settings.empty().with(readProperties(new InputStreamReader(in, StandardCharsets.UTF_8)), "built-in defaults");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in defaults", e);
        }
    }

    /**
     * Built-in defaults, then {@code configFile} if given (it must exist), else ./workload.properties if present.
     */
    public static Settings load(Path workingDir, String configFile) throws BadInputException {
        Settings settings = builtInDefaults();
        Path file;
        if (configFile != null) {
            file = workingDir.resolve(configFile);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException("--config: no such file: " + configFile);
            }
        } else {
            file = workingDir.resolve(DEFAULT_FILE);
            if (!Files.isRegularFile(file)) {
                return settings;
            }
        }
        String origin = configFile != null ? configFile : DEFAULT_FILE;
        Properties properties;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties = readProperties(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("cannot read " + origin + ": " + e.getMessage(), e);
        }
        for (String key : properties.stringPropertyNames()) {
            if (!isKnownKey(key)) {
                throw new BadInputException("unknown key '" + key + "' in " + origin
                        + " (see the project's workload.properties for the known ones)");
            }
        }
        return settings.with(properties, origin);
    }

    private static Properties readProperties(Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        return p;
    }

    /** A list of names of a closed set, each known and listed once. */
    private static <T> List<T> distinct(Settings s, String key, String what,
                                        java.util.function.Function<String, java.util.Optional<T>> parse, String known)
            throws BadInputException {
        List<T> out = new ArrayList<>();
        for (String name : list(s, key, true)) {
            T value = parse.apply(name).orElseThrow(() -> bad(s, key,
                    "unknown " + what + " '" + name + "' (known: " + known + ")"));
            if (out.contains(value)) {
                throw bad(s, key, what + " '" + name + "' listed twice");
            }
            out.add(value);
        }
        return out;
    }

    /**
     * @param needRegistration whether nodes and function definitions are needed (register, or run without --no-register)
     * @param now              for the default run id
     */
    public static ClientConfig resolve(Settings s, Path workingDir, boolean needRegistration, boolean progress, Instant now)
            throws BadInputException {
        URI gateway = gatewayUrl(s);
        Duration timeout = Duration.ofSeconds(positiveInt(s, "request.timeout"));

        List<String> functions = names(s, "functions", true);
        List<String> policies = names(s, "policies", true);
        List<ExecutionMode> modes = distinct(s, "modes", "mode", ExecutionMode::parse, ExecutionMode.ids());
        List<String> keepAlives = keepAlives(s, modes);
        List<InvocationPath> paths = distinct(s, "paths", "path", InvocationPath::parse, InvocationPath.ids());
        Integer preparedNodes = optionalInt(s, "prepared.nodes", 0);
        PayloadOptions payload = payload(s, workingDir);

        WorkloadKind kind = WorkloadKind.parse(s.text("workload")).orElseThrow(() -> bad(s, "workload",
                "unknown workload '" + s.text("workload") + "' (known: " + WorkloadKind.ids() + ")"));
        for (var e : APPLIES_TO.entrySet()) {
            Settings.Value v = s.get(e.getKey()).orElse(null);
            if (v != null && v.origin().startsWith("--") && !e.getValue().contains(kind)) {
                throw new BadInputException(v.origin() + " applies to --workload "
                        + String.join("|", e.getValue().stream().map(WorkloadKind::id).toList())
                        + ", but the workload is " + kind.id());
            }
        }
        Integer count = optionalInt(s, "poisson.count", 1);
        Double duration = s.text("poisson.duration").isEmpty() ? null : positiveDouble(s, "poisson.duration");
        if (kind == WorkloadKind.POISSON && count == null && duration == null) {
            throw bad(s, "poisson.duration", "poisson needs a duration or a count");
        }
        if (count != null) {
            duration = null; // documented: a count wins over the duration
        }
        FunctionPick pick = FunctionPick.parse(s.text("poisson.pick")).orElseThrow(() -> bad(s, "poisson.pick",
                "expected round-robin or random, got '" + s.text("poisson.pick") + "'"));
        MinuteRange minutes = null;
        if (!s.text("trace.minutes").isEmpty()) {
            try {
                minutes = MinuteRange.parse(s.text("trace.minutes"));
            } catch (IllegalArgumentException e) {
                throw bad(s, "trace.minutes", e.getMessage());
            }
        }
        if (kind == WorkloadKind.TRACE && s.text("trace.file").isEmpty()) {
            throw bad(s, "trace.file", "the trace workload needs a trace file");
        }
        long seed;
        try {
            seed = Long.parseLong(s.text("seed"));
        } catch (NumberFormatException e) {
            throw bad(s, "seed", "expected an integer, got '" + s.text("seed") + "'");
        }
        WorkloadOptions workload = new WorkloadOptions(kind,
                positiveInt(s, "cycles"),
                kind == WorkloadKind.SEQUENTIAL ? 1 : positiveInt(s, "concurrency"),
                positiveDouble(s, "poisson.rate"),
                duration, count, pick,
                s.text("trace.file").isEmpty() ? null : workingDir.resolve(s.text("trace.file")),
                positiveDouble(s, "trace.time-compression"),
                minutes,
                positiveInt(s, "open.max-in-flight"),
                seed);

        String runId = s.text("run.id");
        if (runId.isEmpty()) {
            runId = "run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now);
        } else if (!NAME.matcher(runId).matches()) {
            throw bad(s, "run.id", "expected letters, digits, '.', '_' or '-', got '" + runId + "'");
        }

        List<NodeSpec> nodes = nodes(s);
        String user = s.text("ssh.user");
        String password = s.text("ssh.password");
        Path key = s.text("ssh.key").isEmpty() ? null : workingDir.resolve(s.text("ssh.key"));
        if (key != null && !Files.isRegularFile(key)) {
            key = null;
        }
        Map<String, FunctionSpec> specs = new LinkedHashMap<>();
        if (needRegistration) {
            if (!nodes.isEmpty() && user.isEmpty()) {
                throw bad(s, "ssh.user", "nodes are listed but no SSH user is set");
            }
            for (String f : functions) {
                specs.put(f, functionSpec(s, f));
            }
        }
        return new ClientConfig(gateway, timeout, nodes, user, password, key, functions, specs, policies, modes, keepAlives,
                paths, preparedNodes, workload, payload, runId, needRegistration, progress, false);
    }

    /**
     * Only dynamic cells are multiplied by keep-alive policies; the file's list is simply unused without one, but a
     * flag naming keep-alives for a matrix with no dynamic mode is almost surely a mistake.
     */
    private static List<String> keepAlives(Settings s, List<ExecutionMode> modes) throws BadInputException {
        List<String> out = new ArrayList<>();
        for (String spec : list(s, "keep-alives", false)) {
            if (!KeepAlives.isValid(spec)) {
                throw bad(s, "keep-alives", "'" + spec + "' is not a keep-alive policy: expected NAME or NAME:ARGUMENT"
                        + " (letters, digits, '.', '_', '-'; the argument also ':' and '+'; at most "
                        + KeepAlives.MAX_LENGTH + " characters), e.g. lru or fixed-ttl:30s");
            }
            if (out.contains(spec)) {
                throw bad(s, "keep-alives", "'" + spec + "' listed twice");
            }
            out.add(spec);
        }
        Settings.Value v = s.get("keep-alives").orElse(null);
        if (!out.isEmpty() && !modes.contains(ExecutionMode.DYNAMIC) && v != null && v.origin().startsWith("--")) {
            throw new BadInputException(v.origin() + " applies to mode " + ExecutionMode.DYNAMIC.id()
                    + ", but the modes are " + String.join(",", modes.stream().map(ExecutionMode::id).toList()));
        }
        return out;
    }

    /**
     * payload.file or payload.sizes. Both set at the same level (both flags, or both in the files) is an error;
     * a flag for one wins over the other one set in a file, as any flag wins over the file.
     * The file itself is read when a command needs it, so a missing one fails before anything is sent.
     */
    private static PayloadOptions payload(Settings s, Path workingDir) throws BadInputException {
        String file = s.text("payload.file");
        String sizesText = s.text("payload.sizes");
        if (!file.isEmpty() && !sizesText.isEmpty()) {
            boolean fileFlag = s.get("payload.file").map(v -> v.origin().startsWith("--")).orElse(false);
            boolean sizesFlag = s.get("payload.sizes").map(v -> v.origin().startsWith("--")).orElse(false);
            if (fileFlag == sizesFlag) {
                throw bad(s, "payload.file", "a payload file and payload sizes ("
                        + s.get("payload.sizes").map(Settings.Value::describe).orElse("payload.sizes")
                        + ") exclude each other: send one file, or sweep sizes of seeded random bytes");
            }
            if (fileFlag) {
                sizesText = "";
            } else {
                file = "";
            }
        }
        if (!file.isEmpty()) {
            return new PayloadOptions(workingDir.resolve(file), List.of());
        }
        List<Integer> sizes = new ArrayList<>();
        for (String item : sizesText.isEmpty() ? List.<String>of() : list(s, "payload.sizes", false)) {
            int size;
            try {
                size = PayloadOptions.parseSize(item);
            } catch (IllegalArgumentException e) {
                throw bad(s, "payload.sizes", e.getMessage());
            }
            if (sizes.contains(size)) {
                throw bad(s, "payload.sizes", "size '" + item + "' listed twice (" + size + " bytes)");
            }
            sizes.add(size);
        }
        return sizes.isEmpty() ? PayloadOptions.NONE : new PayloadOptions(null, sizes);
    }

    private static URI gatewayUrl(Settings s) throws BadInputException {
        String text = s.text("gateway.url");
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw bad(s, "gateway.url", "expected an http:// or https:// URL, got '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw bad(s, "gateway.url", "not a URL: '" + text + "'");
        }
    }

    private static List<NodeSpec> nodes(Settings s) throws BadInputException {
        List<NodeSpec> nodes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String entry : list(s, "nodes", false)) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            String address = eq < 0 ? "" : entry.substring(eq + 1).trim();
            int colon = address.lastIndexOf(':');
            String host = colon > address.lastIndexOf(']') ? address.substring(0, colon) : address;
            String portText = colon > address.lastIndexOf(']') ? address.substring(colon + 1) : "22";
            int port;
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (!NAME.matcher(name).matches() || !HOST.matcher(host).matches() || port < 1 || port > 65535) {
                throw bad(s, "nodes", "expected name=host:port, got '" + entry + "'");
            }
            if (!seen.add(name)) {
                throw bad(s, "nodes", "node '" + name + "' listed twice");
            }
            nodes.add(new NodeSpec(name, host, port));
        }
        return nodes;
    }

    private static FunctionSpec functionSpec(Settings s, String name) throws BadInputException {
        String prefix = "function." + name + ".";
        String image = s.text(prefix + "image");
        String command = s.text(prefix + "command");
        if (image.isEmpty() || command.isEmpty()) {
            throw bad(s, "functions", "function '" + name + "' needs " + prefix + "image and " + prefix
                    + "command in the config to be registered (or pass --no-register)");
        }
        Integer timeout = s.text(prefix + "timeout").isEmpty() ? null : positiveInt(s, prefix + "timeout");
        return new FunctionSpec(name, image, argv(s, prefix + "command"), argv(s, prefix + "keep-alive"),
                argv(s, prefix + "handler"), timeout, pool(s, prefix));
    }

    private static FunctionSpec.Pool pool(Settings s, String prefix) throws BadInputException {
        Integer memory = optionalInt(s, prefix + "memory", MIN_MEMORY_MB, " (MB; Docker's least memory limit)");
        Integer concurrency = optionalInt(s, prefix + "concurrency", 1);
        Integer minIdle = optionalInt(s, prefix + "min-idle", 0);
        Integer maxContainers = optionalInt(s, prefix + "max-containers", 0, " (0: no bound but the node's memory)");
        if (minIdle != null && maxContainers != null && maxContainers > 0 && minIdle > maxContainers) {
            throw bad(s, prefix + "min-idle", minIdle + " idle containers cannot be kept under "
                    + prefix + "max-containers=" + maxContainers);
        }
        return new FunctionSpec.Pool(memory, concurrency, minIdle, maxContainers);
    }

    private static List<String> argv(Settings s, String key) throws BadInputException {
        try {
            return CommandLine.split(s.text(key));
        } catch (IllegalArgumentException e) {
            throw bad(s, key, e.getMessage());
        }
    }

    /** Comma-separated, trimmed, empty entries dropped. */
    private static List<String> list(Settings s, String key, boolean required) throws BadInputException {
        List<String> items = new ArrayList<>();
        for (String part : s.text(key).split(",")) {
            if (!part.isBlank()) {
                items.add(part.trim());
            }
        }
        if (required && items.isEmpty()) {
            throw bad(s, key, "must list at least one");
        }
        return items;
    }

    private static List<String> names(Settings s, String key, boolean required) throws BadInputException {
        List<String> items = list(s, key, required);
        Set<String> seen = new LinkedHashSet<>();
        for (String item : items) {
            if (!NAME.matcher(item).matches()) {
                throw bad(s, key, "'" + item + "' is not a valid name (letters, digits, '.', '_', '-')");
            }
            if (!seen.add(item)) {
                throw bad(s, key, "'" + item + "' listed twice");
            }
        }
        return items;
    }

    private static int positiveInt(Settings s, String key) throws BadInputException {
        String text = s.text(key);
        try {
            int v = Integer.parseInt(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(s, key, "expected an integer >= 1, got '" + text + "'");
    }

    private static Integer optionalInt(Settings s, String key, int min) throws BadInputException {
        return optionalInt(s, key, min, "");
    }

    /** @param unit said after the bound in the error, e.g. " (MB)" */
    private static Integer optionalInt(Settings s, String key, int min, String unit) throws BadInputException {
        String text = s.text(key);
        if (text.isEmpty()) {
            return null;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(s, key, "expected an integer >= " + min + unit + " (or nothing), got '" + text + "'");
    }

    private static double positiveDouble(Settings s, String key) throws BadInputException {
        String text = s.text(key);
        try {
            double v = Double.parseDouble(text);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(s, key, "expected a number > 0, got '" + text + "'");
    }

    /** Where the admin token of a cluster started by ./start.sh lies, relative to the project's root. */
    public static final String DEFAULT_TOKEN_FILE = ".testbed/admin-token";
    public static final String TOKEN_ENV = "TESTBED_TOKEN";

    /**
     * The token to send: the file {@code gateway.token-file} names (it must exist), else {@code $TESTBED_TOKEN},
     * else {@value #DEFAULT_TOKEN_FILE} under the working directory if there is one; null: none (a gateway without
     * tokens). Never on the command line itself, where other users of the machine could read it.
     */
    public static String token(Settings s, Path workingDir, Map<String, String> env) throws BadInputException {
        String named = s.text("gateway.token-file");
        if (!named.isEmpty()) {
            Path file = workingDir.resolve(named);
            try {
                String t = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).strip();
                if (t.isEmpty()) {
                    throw bad(s, "gateway.token-file", "the file '" + named + "' is empty");
                }
                return t;
            } catch (java.io.IOException e) {
                throw bad(s, "gateway.token-file", "cannot read '" + named + "': " + e.getMessage());
            }
        }
        String fromEnv = env.getOrDefault(TOKEN_ENV, "").strip();
        if (!fromEnv.isEmpty()) {
            return fromEnv;
        }
        Path file = workingDir.resolve(DEFAULT_TOKEN_FILE);
        try {
            String t = java.nio.file.Files.isReadable(file) ? java.nio.file.Files.readString(file).strip() : "";
            return t.isEmpty() ? null : t;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Before nodes are registered: a key file or a password to log in with. Apart from {@link #resolve}, which the
     * simulator uses too and which needs no credentials there.
     */
    public static void requireNodeCredentials(Settings s, ClientConfig config) throws BadInputException {
        if (!config.nodes().isEmpty() && config.sshKey() == null && config.sshPassword().isEmpty()) {
            throw bad(s, "ssh.password", "no password is set and no key file exists at '" + s.text("ssh.key") + "'");
        }
    }

    private static BadInputException bad(Settings s, String key, String message) {
        String where = s.get(key).map(Settings.Value::describe).orElse(key);
        return new BadInputException(where + ": " + message);
    }
}
