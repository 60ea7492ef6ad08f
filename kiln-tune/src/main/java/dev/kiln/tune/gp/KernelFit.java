package dev.kiln.tune.gp;

/**
 * Fits the kernel hyper-parameters by maximising the log marginal likelihood plus a log prior (a MAP
 * estimate), as Optuna's GPSampler does, by L-BFGS on raw parameters that keep them positive:
 * θ = (log λ_1…log λ_d, log s, log(σₙ² − σ_min²)).
 *
 * <pre>
 *   C = s·M + σₙ² I,  M_ij = m(d_ij²),  α = C⁻¹ y
 *   log p(y | θ) = −½ yᵀα − ½ log det C − (n/2) log 2π
 *   ∂ log p / ∂θ = ½ tr((ααᵀ − C⁻¹) ∂C/∂θ)
 *     ∂C_ij/∂log λ_k = s·m'(d_ij²)·λ_k·δ_ijk²,  ∂C/∂log s = s·M,  ∂C/∂θ_noise = (σₙ² − σ_min²)·I
 *   log prior = −Σ_k (0.1/λ_k + 0.1·λ_k) + log Gamma(s; 2, 1) + log Gamma(σₙ²; 1.1, 30)
 *             (Gamma(x; a, b) ∝ x^(a−1) e^(−b x), constants dropped)
 * </pre>
 */
public final class KernelFit {
    /** The smallest noise variance a fit may reach (Optuna's DEFAULT_MINIMUM_NOISE_VAR). */
    public static final double MINIMUM_NOISE = 1e-6;
    private static final double GTOL = 1e-2;

    private final double[][] x;
    private final boolean[] categorical;
    private final double[] y;
    private final int n;
    private final int d;
    /** δ² per pair i &gt; j and dimension, at [(i(i−1)/2 + j)·d + k]. */
    private final double[] pairSquares;

    /**
     * @param x inputs in [0, 1]^d (categorical dimensions hold choice indices), n×d
     * @param categorical which dimensions are categorical
     * @param y standardised outputs, n
     */
    public KernelFit(double[][] x, boolean[] categorical, double[] y) {
        this.x = x;
        this.categorical = categorical.clone();
        this.y = y.clone();
        this.n = x.length;
        this.d = categorical.length;
        this.pairSquares = new double[n * (n - 1) / 2 * d];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                for (int k = 0; k < d; k++) {
                    double delta = x[i][k] - x[j][k];
                    pairSquares[p++] = categorical[k] ? (delta != 0 ? 1.0 : 0.0) : delta * delta;
                }
            }
        }
    }

    /**
     * The MAP fit from two starts — {@code start} (e.g. the previous trial's fit; skipped when null) and
     * {@link KernelParams#initial} — keeping the one with the lower loss; the initial parameters unfitted
     * if neither start can be fitted.
     */
    public GaussianProcess fit(KernelParams start) {
        KernelParams[] starts = start == null
                ? new KernelParams[] {KernelParams.initial(d)}
                : new KernelParams[] {start, KernelParams.initial(d)};
        double[] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (KernelParams s : starts) {
            try {
                BoundedLbfgs.Result r = new BoundedLbfgs(10, GTOL, 1000).minimize(this::loss, raw(s), null, null);
                if (r.value() < bestLoss) {
                    bestLoss = r.value();
                    best = r.x();
                }
            } catch (IllegalArgumentException e) {
                // not positive definite at this start: the other start decides
            }
        }
        if (best != null) {
            try {
                return new GaussianProcess(x, categorical, y, params(best));
            } catch (IllegalArgumentException e) {
                // fall through to the unfitted prior
            }
        }
        return new GaussianProcess(x, categorical, y, KernelParams.initial(d));
    }

    private double[] raw(KernelParams p) {
        double[] theta = new double[d + 2];
        double[] lambda = p.inverseSquaredLengthScales();
        for (int k = 0; k < d; k++) {
            theta[k] = Math.log(lambda[k]);
        }
        theta[d] = Math.log(p.kernelScale());
        // a hundredth of the minimum is left above it to keep the log finite (as Optuna)
        theta[d + 1] = Math.log(Math.max(p.noiseVariance() - 0.99 * MINIMUM_NOISE, 1e-300));
        return theta;
    }

    private KernelParams params(double[] theta) {
        double[] lambda = new double[d];
        for (int k = 0; k < d; k++) {
            lambda[k] = Math.exp(theta[k]);
        }
        return new KernelParams(lambda, Math.exp(theta[d]), Math.exp(theta[d + 1]) + MINIMUM_NOISE);
    }

    /**
     * The negative log posterior −log p(y|θ) − log prior(θ) (constants dropped) and its gradient;
     * +∞ where C is not numerically positive definite.
     */
    public double loss(double[] theta, double[] gradient) {
        double[] lambda = new double[d];
        for (int k = 0; k < d; k++) {
            lambda[k] = Math.exp(theta[k]);
        }
        double s = Math.exp(theta[d]);
        double noiseExcess = Math.exp(theta[d + 1]);
        double noise = noiseExcess + MINIMUM_NOISE;
        double[][] c = new double[n][n];
        double[] mPrime = new double[pairSquares.length / Math.max(d, 1)];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++, p++) {
                double d2 = 0;
                int base = p * d;
                for (int k = 0; k < d; k++) {
                    d2 += lambda[k] * pairSquares[base + k];
                }
                c[i][j] = s * Matern52.value(d2);
                c[j][i] = c[i][j];
                mPrime[p] = Matern52.derivative(d2);
            }
            c[i][i] = s + noise;
        }
        Cholesky chol;
        try {
            chol = Cholesky.of(c);
        } catch (IllegalArgumentException e) {
            java.util.Arrays.fill(gradient, 0.0);
            return Double.POSITIVE_INFINITY;
        }
        double[] alpha = chol.solve(y);
        double quad = 0;
        for (int i = 0; i < n; i++) {
            quad += y[i] * alpha[i];
        }
        double logLikelihood = -0.5 * quad - 0.5 * chol.logDeterminant();
        double logPrior = (s > 0 ? Math.log(s) : Double.NEGATIVE_INFINITY) - s
                + 0.1 * Math.log(noise) - 30.0 * noise;
        for (int k = 0; k < d; k++) {
            logPrior -= 0.1 / lambda[k] + 0.1 * lambda[k];
        }
        double[][] cInv = chol.inverse();
        // W = ααᵀ − C⁻¹; ∂ log p/∂θ = ½ Σ_ij W_ij ∂C_ij/∂θ
        double[] gLambda = new double[d];
        double gScale = 0;
        double gNoise = 0;
        p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++, p++) {
                double w = alpha[i] * alpha[j] - cInv[i][j];
                gScale += w * c[i][j];
                double common = w * s * mPrime[p];
                int base = p * d;
                for (int k = 0; k < d; k++) {
                    gLambda[k] += common * pairSquares[base + k];
                }
            }
            double wii = alpha[i] * alpha[i] - cInv[i][i];
            gScale += 0.5 * wii * s;
            gNoise += 0.5 * wii;
        }
        for (int k = 0; k < d; k++) {
            double dPrior = 0.1 / lambda[k] - 0.1 * lambda[k];
            gradient[k] = -(gLambda[k] * lambda[k] + dPrior);
        }
        gradient[d] = -(gScale + (1.0 - s));
        gradient[d + 1] = -(gNoise * noiseExcess + (0.1 / noise - 30.0) * noiseExcess);
        return -(logLikelihood + logPrior);
    }
}
