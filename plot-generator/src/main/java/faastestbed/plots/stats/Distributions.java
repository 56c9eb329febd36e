package faastestbed.plots.stats;

/**
 * The few distribution functions the confidence intervals need, written out so the module needs no
 * maths library: Student's t (for the mean) and the binomial (for quantiles).
 */
public final class Distributions {
    private static final double EPS = 1e-15;
    private static final double TINY = 1e-300;

    private Distributions() {
    }

    /** ln Γ(x) for x &gt; 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits). */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0: " + x);
        }
        if (x < 0.5) {
            // Reflection keeps the approximation accurate near 0.
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        double y = x - 1;
        double a = c[0];
        double t = y + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (y + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** The regularised incomplete beta function I_x(a, b), 0 &le; x &le; 1. */
    public static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // The continued fraction converges fast only on this side; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) otherwise.
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - front * betaContinuedFraction(1 - x, b, a) / b;
    }

    /** Lentz's method for the continued fraction of I_x(a, b) (Numerical Recipes, betacf). */
    private static double betaContinuedFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        d = Math.abs(d) < TINY ? TINY : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 1_000_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < TINY ? TINY : d;
            c = 1 + aa / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < TINY ? TINY : d;
            c = 1 + aa / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta did not converge for x=" + x + " a=" + a + " b=" + b);
    }

    /** P(T &le; t) for Student's t with df degrees of freedom. */
    public static double studentTCdf(double t, double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("df must be > 0: " + df);
        }
        double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** The p-quantile of Student's t with df degrees of freedom, by bisection on the CDF (monotone, so exact to ~1e-12). */
    public static double studentTQuantile(double p, double df) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1): " + p);
        }
        if (p < 0.5) {
            return -studentTQuantile(1 - p, df);
        }
        double lo = 0;
        double hi = 1;
        while (studentTCdf(hi, df) < p) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
            double mid = (lo + hi) / 2;
            if (studentTCdf(mid, df) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /**
     * The binomial CDF table: element k is P(B &le; k) for B ~ Binomial(n, p), k = 0..n.
     * Terms are computed in log space so large n does not underflow or overflow.
     */
    public static double[] binomialCdf(int n, double p) {
        if (n < 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bad binomial parameters n=" + n + " p=" + p);
        }
        double[] cdf = new double[n + 1];
        double sum = 0;
        double lnN = logGamma(n + 1.0);
        for (int k = 0; k <= n; k++) {
            double pmf;
            if (p == 0 || p == 1) {
                pmf = (p == 0 ? k == 0 : k == n) ? 1 : 0;
            } else {
                pmf = Math.exp(lnN - logGamma(k + 1.0) - logGamma(n - k + 1.0)
                        + k * Math.log(p) + (n - k) * Math.log1p(-p));
            }
            sum += pmf;
            cdf[k] = Math.min(1, sum);
        }
        return cdf;
    }
}
