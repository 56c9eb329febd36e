package faastestbed.sim.engine;

import faastestbed.common.model.StartType;
import faastestbed.policy.keepalive.Demand;
import faastestbed.sim.calibration.Calibration;
import faastestbed.sim.model.Phases;
import faastestbed.sim.model.ServiceTime;
import org.apache.commons.rng.UniformRandomProvider;

import java.util.Objects;

/**
 * One function as the simulation runs it: what it asks of a pool, and where its phases come from. Phases are drawn
 * from the calibration (one real invocation's phases together); {@code --service} replaces the run time; a function
 * the calibration does not know has no overhead, pull or init time, only the service time.
 */
public final class FunctionModel {
    private final int index;
    private final String image;
    private final Demand demand;
    private final Calibration calibration;
    private final ServiceTime service;
    private final UniformRandomProvider rng;
    private final ServiceTime.Sampler serviceSampler;
    private final double contention;

    /**
     * @param service null: the calibration's run times
     * @param rng     this function's own stream, so adding a function never changes another's draws
     */
    public FunctionModel(int index, String image, Demand demand, Calibration calibration, ServiceTime service,
                         UniformRandomProvider rng) {
        this(index, image, demand, calibration, service, rng, Double.NaN);
    }

    /**
     * @param contention sharing efficiency of a node's cores when calls share them (1: processor sharing); NaN:
     *                   the calibration's for this function
     */
    public FunctionModel(int index, String image, Demand demand, Calibration calibration, ServiceTime service,
                         UniformRandomProvider rng, double contention) {
        this.index = index;
        this.image = Objects.requireNonNull(image);
        this.demand = Objects.requireNonNull(demand);
        this.calibration = Objects.requireNonNull(calibration);
        this.service = service;
        this.rng = rng;
        this.serviceSampler = service == null ? null : service.sampler(rng);
        this.contention = Double.isNaN(contention) ? calibration.contention(demand.function()) : contention;
        if (!(this.contention > 0 && this.contention <= 1)) {
            throw new IllegalArgumentException("the sharing efficiency must be in (0, 1] (1: processor sharing), got "
                    + this.contention);
        }
        if (service == null && !calibration.knows(demand.function())) {
            throw new IllegalArgumentException("function '" + demand.function() + "' has no calibration and no "
                    + "--service: calibrate it from a real run (--calibrate results/metrics.csv) or give a service time");
        }
    }

    public String name() {
        return demand.function();
    }

    public int index() {
        return index;
    }

    public String image() {
        return image;
    }

    public Demand demand() {
        return demand;
    }

    /** Sharing efficiency of its node's cores when calls share them; 1 is processor sharing. */
    public double contention() {
        return contention;
    }

    /** The phases of one invocation starting this way. */
    public Phases draw(StartType type) {
        Phases p = calibration.knows(name()) ? calibration.draw(name(), type, rng) : Phases.ZERO;
        if (type == StartType.WARM || type == StartType.PREWARMED) {
            p = new Phases(p.overheadMs(), 0, 0, p.runMs());
        } else if (type == StartType.IMAGE_CACHED) {
            p = p.withoutPull();
        }
        return serviceSampler == null ? p : p.withRun(serviceSampler.sampleMs());
    }

    @Override
    public String toString() {
        return name() + (service == null ? " (calibrated)" : " (service " + service + ")");
    }
}
