package faastestbed.policy.scheduling.policies;

import faastestbed.policy.scheduling.ClusterSnapshot;
import faastestbed.policy.scheduling.NodeView;
import faastestbed.policy.scheduling.SchedulingPolicy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The power of two choices (Mitzenmacher; Sparrow's probes): two distinct healthy nodes at random, the one with
 * fewer in-flight invocations wins. Two samples already shorten the longest queue exponentially compared with one
 * random pick, while looking at two nodes only. In-flight counts are exact at decision time; CPU samples may be
 * one interval old, which under a burst makes every call chase the same "idle" node.
 *
 * <p>The draws come from one seeded stream that {@link #reset()} re-seeds, so a cell given the same calls in the same
 * order makes the same choices on every run.
 */
public class PowerOfTwoPolicy implements SchedulingPolicy {
    public static final String NAME = "power-of-two";
    public static final long DEFAULT_SEED = 42;

    private static final Comparator<NodeView> LESS_LOADED =
            Comparator.comparingInt(NodeView::inFlight).thenComparing(NodeView::name);

    private final long seed;
    private SplittableRandom random; // guarded by this: SplittableRandom is not thread-safe

    public PowerOfTwoPolicy() {
        this(DEFAULT_SEED);
    }

    public PowerOfTwoPolicy(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<NodeView> select(ClusterSnapshot snapshot) {
        List<NodeView> candidates = snapshot.candidates();
        if (candidates.size() <= 1) {
            return candidates.stream().findFirst();
        }
        int[] pair = drawPair(candidates.size());
        NodeView a = candidates.get(pair[0]);
        NodeView b = candidates.get(pair[1]);
        return Optional.of(LESS_LOADED.compare(a, b) <= 0 ? a : b);
    }

    /** Two distinct indexes below n from exactly two draws, so each decision consumes the stream alike. */
    private synchronized int[] drawPair(int n) {
        int first = random.nextInt(n);
        int second = random.nextInt(n - 1);
        return new int[]{first, second >= first ? second + 1 : second};
    }

    @Override
    public synchronized void reset() {
        random = new SplittableRandom(seed);
    }
}
