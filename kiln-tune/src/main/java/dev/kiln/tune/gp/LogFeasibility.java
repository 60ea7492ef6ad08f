package dev.kiln.tune.gp;

/**
 * The log probability that a GP-modelled quantity g (a negated, standardised constraint) is at least a
 * threshold t, i.e. that the constraint holds:
 * <pre>
 *   a(x) = log Φ(z),  z = (μ(x) − t)/σ(x),   d log Φ/dz = φ(z)/Φ(z)
 * </pre>
 * with log Φ(z) = log(½ erfc(−z/√2)) and, for z &lt; −5, log(½ erfcx(−z/√2)) − z²/2 to avoid underflow.
 */
public final class LogFeasibility implements Acquisition {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private final GaussianProcess gp;
    private final double threshold;

    /**
     * @param gp a process on the standardised negated constraint values
     * @param threshold t, the standardised value of 0
     */
    public LogFeasibility(GaussianProcess gp, double threshold) {
        this.gp = gp;
        this.threshold = threshold;
    }

    /** log Φ(z). */
    static double logCdf(double z) {
        if (z < -5) {
            return Math.log(0.5 * ErrorFunction.erfcx(-SQRT_HALF * z)) - 0.5 * z * z;
        }
        return Math.log(0.5 * ErrorFunction.erfc(-SQRT_HALF * z));
    }

    /** φ(z)/Φ(z) = 2/(√(2π)·erfcx(−z/√2)) — the inverse Mills ratio. */
    static double inverseMills(double z) {
        return 2.0 * INV_SQRT_2PI / ErrorFunction.erfcx(-SQRT_HALF * z);
    }

    @Override
    public double value(double[] x) {
        double[] mv = new double[2];
        gp.posterior(x, mv, null, null);
        return logCdf((mv[0] - threshold) / Math.sqrt(mv[1] + 1e-12));
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
        double[] mv = new double[2];
        double[] gm = new double[x.length];
        double[] gv = new double[x.length];
        gp.posterior(x, mv, gm, gv);
        double var = mv[1] + 1e-12;
        double sigma = Math.sqrt(var);
        double z = (mv[0] - threshold) / sigma;
        double r = inverseMills(z);
        for (int j = 0; j < x.length; j++) {
            // dz = dμ/σ − z·dvar/(2 var)
            gradient[j] = r * (gm[j] / sigma - z * gv[j] / (2.0 * var));
        }
        return logCdf(z);
    }

    @Override
    public double[] lengthScales() {
        return gp.params().lengthScales();
    }
}
