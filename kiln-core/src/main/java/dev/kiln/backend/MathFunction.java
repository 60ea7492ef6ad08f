package dev.kiln.backend;

/**
 * The elementary functions of one float that a {@link Backend} maps over a run
 * ({@link Backend#map}); {@link #apply} is the float64 definition the fast loops are tested against.
 */
public enum MathFunction {
    /** −x. */
    NEG {
        @Override
        public double apply(double x) {
            return -x;
        }
    },
    /** |x|. */
    ABS {
        @Override
        public double apply(double x) {
            return Math.abs(x);
        }
    },
    /** e^x. */
    EXP {
        @Override
        public double apply(double x) {
            return Math.exp(x);
        }
    },
    /** ln x (NaN below 0, −∞ at 0). */
    LOG {
        @Override
        public double apply(double x) {
            return Math.log(x);
        }
    },
    /** √x (NaN below 0). */
    SQRT {
        @Override
        public double apply(double x) {
            return Math.sqrt(x);
        }
    },
    /** x². */
    SQUARE {
        @Override
        public double apply(double x) {
            return x * x;
        }
    };

    /**
     * {@return f(x) in float64}
     *
     * @param x the argument
     */
    public abstract double apply(double x);
}
