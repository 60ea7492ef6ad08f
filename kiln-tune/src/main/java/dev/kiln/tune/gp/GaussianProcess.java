package dev.kiln.tune.gp;

/**
 * A Gaussian-process regressor conditioned on training data, with a Matérn-5/2 ARD kernel.
 *
 * <p>Inputs are points of [0, 1]^d; a categorical dimension holds a choice index and contributes the
 * Hamming distance [x_j ≠ x'_j] instead of (x_j − x'_j)². With C = K(X, X) + σₙ² I = L·Lᵀ and
 * α = C⁻¹ y, the posterior at x is
 * <pre>
 *   μ(x)  = k(x)ᵀ α,        σ²(x) = s − k(x)ᵀ C⁻¹ k(x)   (clamped at 0),   k(x)_i = k(x, X_i)
 *   ∂μ/∂x_j  = Σ_i ∂k_i/∂x_j α_i,   ∂σ²/∂x_j = −2 Σ_i ∂k_i/∂x_j (C⁻¹k)_i,
 *   ∂k_i/∂x_j = s · m'(d_i²) · 2 λ_j (x_j − X_ij)                            (continuous j)
 * </pre>
 */
public final class GaussianProcess {
    private final double[][] x;
    private final boolean[] categorical;
    private final KernelParams params;
    private final double[] lambda;
    private final Cholesky cholesky;
    private final double[] alpha;
    private final double[] y;

    /**
     * Conditions the prior with {@code params} on the data.
     *
     * @param x training inputs, n×d
     * @param categorical which of the d dimensions are categorical
     * @param y training outputs, n
     */
    public GaussianProcess(double[][] x, boolean[] categorical, double[] y, KernelParams params) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("GaussianProcess: " + x.length + " inputs and " + y.length + " outputs");
        }
        if (x[0].length != categorical.length || params.dimensions() != categorical.length) {
            throw new IllegalArgumentException("GaussianProcess: inputs have " + x[0].length + " dimensions, "
                    + categorical.length + " kinds and " + params.dimensions() + " length scales");
        }
        this.x = x;
        this.categorical = categorical.clone();
        this.params = params;
        this.lambda = params.inverseSquaredLengthScales();
        int n = x.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                c[i][j] = params.kernelScale() * Matern52.value(squaredDistance(x[i], x[j]));
                c[j][i] = c[i][j];
            }
            c[i][i] = params.kernelScale() + params.noiseVariance();
        }
        this.cholesky = Cholesky.of(c);
        this.alpha = cholesky.solve(y);
        this.y = y.clone();
    }

    /** d² = Σ_j λ_j δ_j², with δ_j = a_j − b_j (continuous) or [a_j ≠ b_j] (categorical). */
    double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += lambda[j] * (categorical[j] ? (d != 0 ? 1.0 : 0.0) : d * d);
        }
        return s;
    }

    /** The fitted hyper-parameters. */
    public KernelParams params() {
        return params;
    }

    /** The training outputs y the process is conditioned on. */
    public double[] trainingTargets() {
        return y.clone();
    }

    /** Which input dimensions are categorical. */
    public boolean[] categoricalMask() {
        return categorical.clone();
    }

    /** The number of training points. */
    public int size() {
        return x.length;
    }

    /** Posterior mean μ(x). */
    public double mean(double[] point) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m += params.kernelScale() * Matern52.value(squaredDistance(point, x[i])) * alpha[i];
        }
        return m;
    }

    /**
     * Posterior mean and variance at {@code point}, and optionally their gradients.
     *
     * @param out receives {μ, σ²}
     * @param meanGradient if not null, receives ∂μ/∂x_j (0 for categorical j)
     * @param varianceGradient if not null (with meanGradient), receives ∂σ²/∂x_j (0 for categorical j)
     */
    public void posterior(double[] point, double[] out, double[] meanGradient, double[] varianceGradient) {
        int n = x.length;
        double s = params.kernelScale();
        double[] k = new double[n];
        double[] dk = meanGradient == null ? null : new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double d2 = squaredDistance(point, x[i]);
            k[i] = s * Matern52.value(d2);
            mean += k[i] * alpha[i];
            if (dk != null) {
                dk[i] = s * Matern52.derivative(d2);
            }
        }
        double[] v = cholesky.solveLower(k);
        double var = s;
        for (double vi : v) {
            var -= vi * vi;
        }
        out[0] = mean;
        out[1] = Math.max(var, 0.0);
        if (meanGradient == null) {
            return;
        }
        double[] cInvK = cholesky.solveUpper(v);
        int d = point.length;
        for (int j = 0; j < d; j++) {
            if (categorical[j]) {
                meanGradient[j] = 0;
                if (varianceGradient != null) {
                    varianceGradient[j] = 0;
                }
                continue;
            }
            double gm = 0;
            double gv = 0;
            for (int i = 0; i < n; i++) {
                double dki = dk[i] * 2.0 * lambda[j] * (point[j] - x[i][j]);
                gm += dki * alpha[i];
                gv += dki * cInvK[i];
            }
            meanGradient[j] = gm;
            if (varianceGradient != null) {
                varianceGradient[j] = var > 0 ? -2.0 * gv : 0.0;
            }
        }
    }
}
