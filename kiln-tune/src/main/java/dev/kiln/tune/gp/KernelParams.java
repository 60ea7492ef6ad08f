package dev.kiln.tune.gp;

/**
 * Hyper-parameters of the GP prior k(x, x') = s · m(Σ_j λ_j δ_j(x, x')²) plus observation noise σₙ².
 *
 * @param inverseSquaredLengthScales λ_j = 1/ℓ_j², one per input dimension (ARD)
 * @param kernelScale s, the prior variance of f
 * @param noiseVariance σₙ², the variance added on the diagonal of the training covariance
 */
public record KernelParams(double[] inverseSquaredLengthScales, double kernelScale, double noiseVariance) {
    public KernelParams {
        inverseSquaredLengthScales = inverseSquaredLengthScales.clone();
    }

    /** The starting point of a fit: every λ_j = 1, s = 1, σₙ² = 1 (as Optuna's GPSampler). */
    public static KernelParams initial(int dimensions) {
        double[] ones = new double[dimensions];
        java.util.Arrays.fill(ones, 1.0);
        return new KernelParams(ones, 1.0, 1.0);
    }

    @Override
    public double[] inverseSquaredLengthScales() {
        return inverseSquaredLengthScales.clone();
    }

    /** ℓ_j = 1/√λ_j. */
    public double[] lengthScales() {
        double[] l = new double[inverseSquaredLengthScales.length];
        for (int j = 0; j < l.length; j++) {
            l[j] = 1.0 / Math.sqrt(inverseSquaredLengthScales[j]);
        }
        return l;
    }

    /** The number of input dimensions. */
    public int dimensions() {
        return inverseSquaredLengthScales.length;
    }
}
