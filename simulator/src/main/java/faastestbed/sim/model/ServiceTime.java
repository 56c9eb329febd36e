package faastestbed.sim.model;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.ExponentialDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;

import java.util.Locale;

/**
 * A distribution of a function's run time (milliseconds of work when it runs alone on its node), given on the command
 * line as {@code constant:MS}, {@code exponential:MS} (the mean) or {@code lognormal:MEDIAN_MS:SIGMA}. Samplers come
 * from Commons Statistics over a Commons RNG stream, never from code of our own.
 */
public sealed interface ServiceTime {

    /** The mean, for reports and for the queueing formulas. */
    double meanMs();

    /** A sampler over the given stream. */
    Sampler sampler(UniformRandomProvider rng);

    @FunctionalInterface
    interface Sampler {
        double sampleMs();
    }

    record Constant(double ms) implements ServiceTime {
        public Constant {
            requirePositive(ms, "constant");
        }

        @Override
        public double meanMs() {
            return ms;
        }

        @Override
        public Sampler sampler(UniformRandomProvider rng) {
            return () -> ms;
        }
    }

    record Exponential(double meanMs) implements ServiceTime {
        public Exponential {
            requirePositive(meanMs, "exponential");
        }

        @Override
        public Sampler sampler(UniformRandomProvider rng) {
            ContinuousDistribution.Sampler s = ExponentialDistribution.of(meanMs).createSampler(rng);
            return s::sample;
        }
    }

    /** Log-normal with the given median (e^mu) and shape sigma. */
    record LogNormal(double medianMs, double sigma) implements ServiceTime {
        public LogNormal {
            requirePositive(medianMs, "lognormal median");
            requirePositive(sigma, "lognormal sigma");
        }

        @Override
        public double meanMs() {
            return medianMs * Math.exp(sigma * sigma / 2);
        }

        @Override
        public Sampler sampler(UniformRandomProvider rng) {
            ContinuousDistribution.Sampler s = LogNormalDistribution.of(Math.log(medianMs), sigma).createSampler(rng);
            return s::sample;
        }
    }

    /**
     * @throws IllegalArgumentException with the accepted forms when the text is not one of them
     */
    static ServiceTime parse(String text) {
        String[] p = text.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            switch (p[0]) {
                case "constant":
                    if (p.length == 2) {
                        return new Constant(Double.parseDouble(p[1]));
                    }
                    break;
                case "exponential":
                    if (p.length == 2) {
                        return new Exponential(Double.parseDouble(p[1]));
                    }
                    break;
                case "lognormal":
                    if (p.length == 3) {
                        return new LogNormal(Double.parseDouble(p[1]), Double.parseDouble(p[2]));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted forms
        }
        throw new IllegalArgumentException("'" + text + "' is not a service time: use constant:MS, exponential:MS"
                + " or lognormal:MEDIAN_MS:SIGMA, e.g. exponential:100");
    }

    private static void requirePositive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a positive number, got " + v);
        }
    }
}
