package dev.kiln.tune.gp;

/**
 * log EI of a GP posterior against the best observed (standardised, maximised) value f₀:
 * a(x) = log h((μ(x) − f₀)/σ(x)) + log σ(x), with σ² = σ²_GP(x) + 10⁻¹² for stability
 * (see {@link LogExpectedImprovement}); ∂a/∂x by the chain rule through μ and σ².
 */
public final class LogEiAcquisition implements Acquisition {
    private static final double STABILIZING_NOISE = 1e-12;
    private final GaussianProcess gp;
    private final double threshold;

    /**
     * @param gp the fitted process
     * @param threshold f₀, the best (largest) standardised value so far
     */
    public LogEiAcquisition(GaussianProcess gp, double threshold) {
        this.gp = gp;
        this.threshold = threshold;
    }

    @Override
    public double value(double[] x) {
        double[] mv = new double[2];
        gp.posterior(x, mv, null, null);
        return LogExpectedImprovement.of(mv[0], mv[1] + STABILIZING_NOISE, threshold, null);
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
        double[] mv = new double[2];
        double[] gm = new double[x.length];
        double[] gv = new double[x.length];
        gp.posterior(x, mv, gm, gv);
        double[] partial = new double[2];
        double a = LogExpectedImprovement.of(mv[0], mv[1] + STABILIZING_NOISE, threshold, partial);
        for (int j = 0; j < x.length; j++) {
            gradient[j] = partial[0] * gm[j] + partial[1] * gv[j];
        }
        return a;
    }

    @Override
    public double[] lengthScales() {
        return gp.params().lengthScales();
    }
}
