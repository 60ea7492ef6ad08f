package dev.kiln.optim;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shadow copies of parameters, updated after each optimiser step as an exponential moving
 * average, to evaluate with smoothed weights (Polyak averaging as used in TensorFlow's
 * {@code ExponentialMovingAverage}).
 *
 * <pre>
 *   shadow ← d·shadow + (1 − d)·param
 *   d = decay                                  (Correction.NONE, shadow starts at param)
 *   d = min(decay, (1 + n)/(10 + n))            (Correction.WARMUP, n = updates so far)
 *   shadow starts at 0, read as shadow/(1 − decay^n)   (Correction.BIAS_CORRECTION)
 * </pre>
 *
 * <pre>{@code
 * var ema = new ExponentialMovingAverage(model.parameters(), 0.999, Correction.WARMUP);
 * ... opt.step(); ema.update();
 * try (var scope = ema.swapIn()) {
 *     evaluate(model);          // runs with the averaged weights
 * }                             // the training weights are back
 * }</pre>
 */
public final class ExponentialMovingAverage {
    /** How the early average is corrected. */
    public enum Correction {
        /** Plain EMA starting from the current parameters. */
        NONE,
        /** A decay that ramps up: min(decay, (1+n)/(10+n)). */
        WARMUP,
        /** Start from zero and divide by 1 − decay^n (as Adam's moments). */
        BIAS_CORRECTION
    }

    private final List<Tensor> params;
    private final List<Tensor> shadows = new ArrayList<>();
    private final double decay;
    private final Correction correction;
    private long updates;

    /**
     * Tracks {@code params} with {@code decay} in [0, 1].
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param decay the decay of the average per update, in [0, 1] (0.999 keeps a long memory)
     * @param correction how the decay is corrected in the first updates
     */
    public ExponentialMovingAverage(List<Tensor> params, double decay, Correction correction) {
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("ExponentialMovingAverage: decay must be in [0, 1], got " + decay);
        }
        this.params = List.copyOf(params);
        this.decay = decay;
        this.correction = correction;
        for (Tensor p : this.params) {
            shadows.add(correction == Correction.BIAS_CORRECTION ? p.detach().zerosLike() : p.detach().clone().contiguous());
        }
    }

    /**
     * A plain EMA with {@code decay}.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param decay the decay of the average per update, in [0, 1] (0.999 keeps a long memory)
     */
    public ExponentialMovingAverage(List<Tensor> params, double decay) {
        this(params, decay, Correction.NONE);
    }

    /**
     * {@return the decay used by the next update}
     */
    public double currentDecay() {
        return correction == Correction.WARMUP ? Math.min(decay, (1.0 + updates) / (10.0 + updates)) : decay;
    }

    /** Moves every shadow towards its parameter: {@code shadow ← d·shadow + (1 − d)·param}. */
    public void update() {
        double d = currentDecay();
        updates++;
        try (var off = GradMode.disabled()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor s = shadows.get(i);
                s.mul_(d).add_(params.get(i).detach(), 1 - d);
            }
        }
    }

    /**
     * {@return the number of updates so far}
     */
    public long updates() {
        return updates;
    }

    /**
     * {@return the averaged value of parameter {@code i} (bias-corrected when asked for), as a new tensor}
     *
     * @param i the index of the parameter, in the order given to the constructor
     */
    public Tensor average(int i) {
        try (var off = GradMode.disabled()) {
            Tensor s = shadows.get(i);
            if (correction == Correction.BIAS_CORRECTION) {
                return updates == 0 ? params.get(i).detach().clone() : s.div(1 - Math.pow(decay, updates));
            }
            return s.clone();
        }
    }

    /** Copies the averages into the parameters (permanently). */
    public void copyTo() {
        try (var off = GradMode.disabled()) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).detach().copy_(average(i));
            }
        }
    }

    /**
     * Swaps the averages into the parameters until the returned scope is closed, which restores them.
     *
     * @return a scope whose close puts the parameters' own values back
     */
    public Scope swapIn() {
        List<Tensor> backup = new ArrayList<>();
        try (var off = GradMode.disabled()) {
            for (Tensor p : params) {
                backup.add(p.detach().clone());
            }
        }
        copyTo();
        return () -> {
            try (var off = GradMode.disabled()) {
                for (int i = 0; i < params.size(); i++) {
                    params.get(i).detach().copy_(backup.get(i));
                }
            }
        };
    }

    /** A scope that puts the training weights back when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * {@return the shadows ({@code shadow.<i>}, copies) and the update count, for checkpoints}
     */
    public Map<String, Tensor> stateTensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < shadows.size(); i++) {
            m.put("shadow." + i, shadows.get(i).clone());
        }
        return m;
    }

    /**
     * Restores shadows saved by {@link #stateTensors()} and the update count.
     *
     * @param tensors the averages by name, one per parameter
     * @param updates the number of updates the averages have seen
     */
    public void loadState(Map<String, Tensor> tensors, long updates) {
        try (var off = GradMode.disabled()) {
            for (int i = 0; i < shadows.size(); i++) {
                Tensor t = tensors.get("shadow." + i);
                if (t == null) {
                    throw new IllegalArgumentException("ExponentialMovingAverage.loadState: missing shadow." + i);
                }
                shadows.get(i).copy_(t);
            }
        }
        this.updates = updates;
    }
}
