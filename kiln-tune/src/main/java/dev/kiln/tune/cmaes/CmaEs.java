package dev.kiln.tune.cmaes;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The (μ/μ_w, λ)-CMA-ES for minimisation within a box, as in N. Hansen, "The CMA Evolution Strategy: A
 * Tutorial" (2016), with its default parameters for dimension n:
 * <pre>
 *   λ = 4 + ⌊3 ln n⌋,  μ = ⌊λ/2⌋,  w_i ∝ ln(μ + ½) − ln i (Σw = 1),  μ_eff = 1/Σw_i²
 *   c_σ = (μ_eff + 2)/(n + μ_eff + 5),   d_σ = 1 + 2 max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ
 *   c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n),   c_1 = 2/((n + 1.3)² + μ_eff)
 *   c_μ = min(1 − c_1, 2(μ_eff − 2 + 1/μ_eff)/((n + 2)² + μ_eff))
 * </pre>
 * Sampling: x_k = m + σ·B·D·z_k, z_k ~ N(0, I), redrawn up to 100 times if outside the box, then clamped.
 * Update, with y_i = (x_{i:λ} − m)/σ the μ best steps and y_w = Σ w_i y_i:
 * <pre>
 *   m ← m + σ·y_w
 *   p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ)μ_eff) · C^(−½) y_w
 *   h_σ = [‖p_σ‖ / √(1 − (1 − c_σ)^(2(g+1))) &lt; (1.4 + 2/(n + 1)) E‖N(0,I)‖]
 *   p_c ← (1 − c_c) p_c + h_σ √(c_c(2 − c_c)μ_eff) · y_w
 *   C ← (1 − c_1 − c_μ) C + c_1 (p_c p_cᵀ + (1 − h_σ) c_c(2 − c_c) C) + c_μ Σ w_i y_i y_iᵀ
 *   σ ← σ · exp((c_σ/d_σ)(‖p_σ‖/E‖N(0,I)‖ − 1))
 * </pre>
 * {@link #shouldStop()} applies the tutorial's termination criteria, for restarts (IPOP);
 * {@link #state()} and {@link #restore} carry the distribution over to another process.
 * Not thread-safe.
 */
public final class CmaEs {
    /** A candidate and its value (to be minimised). */
    public record Evaluated(double[] x, double value) {}

    /**
     * Everything later generations depend on, except the random stream: m, σ, C, the two paths, the
     * generation count, the best value of each recent generation (for TolFun) and σ₀ (for TolX).
     */
    public record State(double[] mean, double sigma, double[][] c, double[] pSigma, double[] pC, int generation,
                        List<Double> recentBest, double sigma0) {}

    /** TolFun: the recent best values and the last generation's values all within this range stop the run. */
    static final double TOL_FUN = 1e-12;
    /** TolX, relative to σ₀: every σ·√C_ii and σ·|p_c,i| below it stops the run. */
    static final double TOL_X = 1e-12;
    /** The largest condition number of C before the run stops. */
    static final double MAX_CONDITION = 1e14;

    private final int n;
    private final int lambda;
    private final int mu;
    private final double[] weights;
    private final double muEff;
    private final double cSigma;
    private final double dSigma;
    private final double cC;
    private final double c1;
    private final double cMu;
    private final double chiN;
    private final double[] lower;
    private final double[] upper;
    private final RandomGenerator rng;

    private double[] mean;
    private double sigma;
    private double[][] c;
    private double[][] b;
    private double[] dDiag;
    private final double[] pSigma;
    private final double[] pC;
    private int generation;
    private final double sigma0;
    private final Deque<Double> recentBest = new ArrayDeque<>();
    private double lastRange = Double.POSITIVE_INFINITY;

    /**
     * @param mean the initial mean m (inside the box)
     * @param sigma the initial step size σ &gt; 0
     * @param lower the box's lower bounds
     * @param upper the box's upper bounds
     * @param populationSize λ, or 0 for the default 4 + ⌊3 ln n⌋
     */
    public CmaEs(double[] mean, double sigma, double[] lower, double[] upper, int populationSize,
            RandomGenerator rng) {
        this.n = mean.length;
        if (n == 0 || lower.length != n || upper.length != n || !(sigma > 0) || populationSize < 0) {
            throw new IllegalArgumentException("CmaEs: dimension " + n + ", bounds " + lower.length + "/"
                    + upper.length + ", sigma " + sigma + ", population " + populationSize);
        }
        this.mean = mean.clone();
        this.sigma = sigma;
        this.sigma0 = sigma;
        this.lower = lower.clone();
        this.upper = upper.clone();
        this.rng = rng;
        this.lambda = populationSize > 0 ? Math.max(2, populationSize) : 4 + (int) Math.floor(3 * Math.log(n));
        this.mu = lambda / 2;
        this.weights = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] = Math.log(mu + 0.5) - Math.log(i + 1);
            sum += weights[i];
        }
        double sq = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] /= sum;
            sq += weights[i] * weights[i];
        }
        this.muEff = 1.0 / sq;
        this.cSigma = (muEff + 2) / (n + muEff + 5);
        this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
        this.cC = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
        this.c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff);
        this.cMu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff));
        this.chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        this.c = new double[n][n];
        this.b = new double[n][n];
        this.dDiag = new double[n];
        for (int i = 0; i < n; i++) {
            c[i][i] = 1;
            b[i][i] = 1;
            dDiag[i] = 1;
        }
        this.pSigma = new double[n];
        this.pC = new double[n];
    }

    /**
     * A CMA-ES that continues from {@code state} (as {@link #state()} returned it) with a new random
     * stream: the same distribution, so the same expected course, as the run it was taken from.
     */
    public static CmaEs restore(State state, double[] lower, double[] upper, int populationSize, RandomGenerator rng) {
        int n = state.mean().length;
        if (state.c().length != n || state.pSigma().length != n || state.pC().length != n) {
            throw new IllegalArgumentException("CmaEs.restore: a state of dimension " + n + " with C " + state.c().length
                    + "x, paths " + state.pSigma().length + "/" + state.pC().length);
        }
        CmaEs es = new CmaEs(state.mean(), state.sigma0(), lower, upper, populationSize, rng);
        es.sigma = state.sigma();
        for (int i = 0; i < n; i++) {
            es.c[i] = state.c()[i].clone();
        }
        System.arraycopy(state.pSigma(), 0, es.pSigma, 0, n);
        System.arraycopy(state.pC(), 0, es.pC, 0, n);
        es.generation = state.generation();
        es.recentBest.addAll(state.recentBest());
        es.decompose();
        return es;
    }

    /** The current state, for {@link #restore}. */
    public State state() {
        double[][] copy = new double[n][];
        for (int i = 0; i < n; i++) {
            copy[i] = c[i].clone();
        }
        return new State(mean.clone(), sigma, copy, pSigma.clone(), pC.clone(), generation, List.copyOf(recentBest), sigma0);
    }

    /**
     * True when the run has converged or stalled (Hansen's tutorial, B.3): TolFun — the best values
     * of the last 10 + ⌈30n/λ⌉ generations and all values of the last one lie within 10⁻¹²; TolX —
     * σ·√C_ii and σ·|p_c,i| below 10⁻¹²·σ₀ for every i; NoEffectCoord — adding 0.2σ√C_ii leaves some
     * coordinate of m unchanged; ConditionCov — the condition number of C above 10¹⁴.
     */
    public boolean shouldStop() {
        int window = 10 + (int) Math.ceil(30.0 * n / lambda);
        if (recentBest.size() >= window && lastRange < TOL_FUN) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : recentBest) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (hi - lo < TOL_FUN) {
                return true;
            }
        }
        boolean tolX = true;
        for (int i = 0; i < n; i++) {
            double sd = sigma * Math.sqrt(c[i][i]);
            tolX &= sd < TOL_X * sigma0 && sigma * Math.abs(pC[i]) < TOL_X * sigma0;
            if (mean[i] == mean[i] + 0.2 * sd) {
                return true;
            }
        }
        double dMax = Arrays.stream(dDiag).max().orElse(1);
        double dMin = Arrays.stream(dDiag).min().orElse(1);
        return tolX || (dMax / dMin) * (dMax / dMin) > MAX_CONDITION;
    }

    /** λ, the number of candidates per generation. */
    public int populationSize() {
        return lambda;
    }

    /** The number of completed generations. */
    public int generation() {
        return generation;
    }

    /** The current mean m. */
    public double[] mean() {
        return mean.clone();
    }

    /** The current step size σ. */
    public double sigma() {
        return sigma;
    }

    /** Draws one candidate x = m + σ·B·D·z inside the box. */
    public double[] ask() {
        double[] x = new double[n];
        for (int attempt = 0; attempt < 100; attempt++) {
            sampleInto(x);
            if (inside(x)) {
                return x;
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
        }
        return x;
    }

    private void sampleInto(double[] x) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = dDiag[i] * rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += b[i][k] * z[k];
            }
            x[i] = mean[i] + sigma * s;
        }
    }

    private boolean inside(double[] x) {
        for (int i = 0; i < n; i++) {
            if (x[i] < lower[i] || x[i] > upper[i]) {
                return false;
            }
        }
        return true;
    }

    /** Updates m, σ, C and the paths from a full generation of λ evaluated candidates. */
    public void tell(List<Evaluated> population) {
        if (population.size() != lambda) {
            throw new IllegalArgumentException("CmaEs.tell: expected " + lambda + " candidates, got "
                    + population.size());
        }
        Evaluated[] sorted = population.toArray(new Evaluated[0]);
        Arrays.sort(sorted, Comparator.comparingDouble(Evaluated::value));
        recentBest.addLast(sorted[0].value());
        while (recentBest.size() > 10 + (int) Math.ceil(30.0 * n / lambda)) {
            recentBest.removeFirst();
        }
        lastRange = sorted[lambda - 1].value() - sorted[0].value();
        double[][] y = new double[mu][n];
        double[] yw = new double[n];
        for (int k = 0; k < mu; k++) {
            for (int i = 0; i < n; i++) {
                y[k][i] = (sorted[k].x()[i] - mean[i]) / sigma;
                yw[i] += weights[k] * y[k][i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] += sigma * yw[i];
        }
        // C^(-1/2) y_w = B D^-1 Bᵀ y_w
        double[] bty = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += b[i][k] * yw[i];
            }
            bty[k] = s / dDiag[k];
        }
        double cs = Math.sqrt(cSigma * (2 - cSigma) * muEff);
        double normPs = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += b[i][k] * bty[k];
            }
            pSigma[i] = (1 - cSigma) * pSigma[i] + cs * s;
            normPs += pSigma[i] * pSigma[i];
        }
        normPs = Math.sqrt(normPs);
        double hSigma = normPs / Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * (generation + 1)))
                < (1.4 + 2.0 / (n + 1)) * chiN ? 1.0 : 0.0;
        double cc = Math.sqrt(cC * (2 - cC) * muEff);
        for (int i = 0; i < n; i++) {
            pC[i] = (1 - cC) * pC[i] + hSigma * cc * yw[i];
        }
        double deltaH = (1 - hSigma) * cC * (2 - cC);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double rankMu = 0;
                for (int k = 0; k < mu; k++) {
                    rankMu += weights[k] * y[k][i] * y[k][j];
                }
                double v = (1 - c1 - cMu) * c[i][j] + c1 * (pC[i] * pC[j] + deltaH * c[i][j]) + cMu * rankMu;
                c[i][j] = v;
                c[j][i] = v;
            }
        }
        sigma *= Math.exp((cSigma / dSigma) * (normPs / chiN - 1));
        sigma = Math.min(sigma, 1e32);
        decompose();
        generation++;
    }

    /** B and D from C = B·D²·Bᵀ. */
    private void decompose() {
        SymmetricEigen eig = SymmetricEigen.of(c);
        b = eig.vectors();
        dDiag = new double[n];
        for (int i = 0; i < n; i++) {
            dDiag[i] = Math.sqrt(Math.max(eig.values()[i], 1e-30));
        }
    }
}
