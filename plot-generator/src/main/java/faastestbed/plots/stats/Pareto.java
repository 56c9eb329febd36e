package faastestbed.plots.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Pareto frontier of two costs that are both better when lower (e.g. idle memory and cold-start share). */
public final class Pareto {
    private Pareto() {
    }

    /**
     * The items no other item dominates, sorted by x then y. An item dominates another when it is no worse in
     * both costs and better in at least one; so of two items with equal x only the lower y is kept, while
     * identical items are all kept (neither dominates the other).
     */
    public static <T> List<T> frontier(List<T> items, ToDoubleFunction<T> x, ToDoubleFunction<T> y) {
        List<T> front = new ArrayList<>();
        for (T a : items) {
            boolean dominated = false;
            for (T b : items) {
                if (dominates(x.applyAsDouble(b), y.applyAsDouble(b), x.applyAsDouble(a), y.applyAsDouble(a))) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(a);
            }
        }
        front.sort(Comparator.comparingDouble(x).thenComparingDouble(y));
        return List.copyOf(front);
    }

    static boolean dominates(double bx, double by, double ax, double ay) {
        return bx <= ax && by <= ay && (bx < ax || by < ay);
    }
}
