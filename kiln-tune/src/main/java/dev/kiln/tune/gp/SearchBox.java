package dev.kiln.tune.gp;

import java.util.random.RandomGenerator;

/**
 * The GP's view of a search space: d dimensions, each continuous on [0, 1], discrete on a grid of
 * normalised values in [0, 1] (integers and stepped floats), or categorical (values 0…k−1, compared by
 * equality only).
 */
public final class SearchBox {
    /** One dimension of the box. */
    public sealed interface Dimension permits Continuous, Discrete, Categorical {}

    /** A continuous dimension on [0, 1]. */
    public record Continuous() implements Dimension {}

    /** A discrete dimension: the allowed normalised values, ascending, in [0, 1]. */
    public record Discrete(double[] grid) implements Dimension {
        public Discrete {
            if (grid.length == 0) {
                throw new IllegalArgumentException("SearchBox.Discrete: empty grid");
            }
            grid = grid.clone();
        }

        /** The grid value nearest to v. */
        public double nearest(double v) {
            int lo = 0;
            int hi = grid.length - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (grid[mid] <= v) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return Math.abs(v - grid[lo]) <= Math.abs(v - grid[hi]) ? grid[lo] : grid[hi];
        }
    }

    /** A categorical dimension with {@code choices} values 0…choices−1. */
    public record Categorical(int choices) implements Dimension {
        public Categorical {
            if (choices < 1) {
                throw new IllegalArgumentException("SearchBox.Categorical: " + choices + " choices");
            }
        }
    }

    private final Dimension[] dimensions;

    public SearchBox(java.util.List<Dimension> dimensions) {
        this.dimensions = dimensions.toArray(new Dimension[0]);
    }

    /** The number of dimensions. */
    public int size() {
        return dimensions.length;
    }

    /** The i-th dimension. */
    public Dimension dimension(int i) {
        return dimensions[i];
    }

    /** Which dimensions are categorical (the kernel compares them by equality). */
    public boolean[] categoricalMask() {
        boolean[] m = new boolean[dimensions.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = dimensions[i] instanceof Categorical;
        }
        return m;
    }

    /**
     * Maps a point of the unit cube [0, 1)^d (e.g. a QMC point) into the box: continuous values pass,
     * discrete ones go to the nearest grid value, categorical ones to ⌊u·k⌋.
     */
    public double[] fromUnit(double[] u) {
        double[] p = new double[dimensions.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = switch (dimensions[i]) {
                case Continuous c -> u[i];
                case Discrete g -> g.nearest(u[i]);
                case Categorical k -> Math.min(k.choices() - 1, (int) Math.floor(u[i] * k.choices()));
            };
        }
        return p;
    }

    /** A uniformly random point of the box. */
    public double[] sample(RandomGenerator rng) {
        double[] u = new double[dimensions.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextDouble();
        }
        return fromUnit(u);
    }
}
