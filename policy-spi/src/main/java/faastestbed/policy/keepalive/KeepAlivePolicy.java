package faastestbed.policy.keepalive;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides how long idle containers live, which idle container goes first when memory is needed, and optionally
 * when to start a container ahead of a predicted call. The same shape as the scheduling SPI: decisions are pure
 * functions of an immutable {@link PoolView} (plus small state of the policy's own, such as a per-function
 * histogram), so a policy is unit-tested without SSH and can run unchanged in a simulator.
 *
 * <p>To add one, write one class implementing this interface and annotate it {@code @Singleton} (package
 * {@code faastestbed.gateway.pool} by convention) in the gateway, whose catalog collects such beans next to
 * the built-ins of this module, which {@code META-INF/services} lists. It is then selectable by {@link #name()} in
 * application.properties, {@code TESTBED_KEEP_ALIVE}, {@code PUT /config {"keepAlive"}} and
 * {@code ./start.sh --keep-alive}; an argument after a colon ({@code fixed-ttl:30s}) goes to
 * {@link #withArgument(String)}. Implementations must be thread-safe.
 */
public interface KeepAlivePolicy {
    /** Keep until memory is needed. */
    Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    /** Name used in configuration and CSV files: lower-case words joined by dashes, e.g. {@code fixed-ttl}. */
    String name();

    /**
     * How long this idle container may stay idle, counted from {@link ContainerView#lastUsedAt()}, before it is
     * removed. {@link Duration#ZERO}: remove it as soon as its call ends; {@link #FOREVER}: until memory is needed.
     */
    Duration keepAlive(ContainerView idle, PoolView pool);

    /** The order in which idle containers are evicted when a new one needs memory: the first goes first. */
    default Comparator<ContainerView> evictionOrder(PoolView pool) {
        return Comparator.comparing(ContainerView::lastUsedAt).thenComparing(ContainerView::id);
    }

    /**
     * When the function has no container left on the node: start one this long after its last call there arrived,
     * ahead of the next call. Empty: do not pre-warm.
     */
    default Optional<Duration> prewarmAfter(String function, PoolView pool) {
        return Optional.empty();
    }

    /** A call of the function arrived at the node (before it was placed in the pool). */
    default void arrived(String function, String node, Instant at) {
    }

    /** The container took a call (its view before the call). */
    default void used(ContainerView container, PoolView pool) {
    }

    /** The container was evicted to make room (its view at eviction). */
    default void evicted(ContainerView container, PoolView pool) {
    }

    /** Forgets everything learnt; called at the start of every experiment cell. */
    default void reset() {
    }

    /**
     * A new instance configured by the text after the colon of {@code name:argument}.
     *
     * @throws IllegalArgumentException when the policy takes no argument or this one is not valid
     */
    default KeepAlivePolicy withArgument(String argument) {
        throw new IllegalArgumentException("keep-alive policy '" + name() + "' takes no argument");
    }

    /** Name for humans: {@code fixed-ttl} → "Fixed Ttl". */
    default String displayName() {
        return Arrays.stream(name().split("-")).filter(w -> !w.isEmpty())
                .map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1))
                .collect(Collectors.joining(" "));
    }

    /** Parses "30s", "10m", "1h", "500ms" or an ISO-8601 duration ("PT30S"). */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 500ms, 30s, 10m, 1h or PT30S");
        }
    }
}
