package dev.kiln.tune.gp;

/**
 * The Cholesky factor L of a symmetric positive-definite matrix A = L·Lᵀ (L lower triangular), in double,
 * with the triangular solves built on it.
 */
public final class Cholesky {
    private final double[][] lower;
    private final int n;

    private Cholesky(double[][] lower) {
        this.lower = lower;
        this.n = lower.length;
    }

    /**
     * Factors {@code a} (n×n, symmetric, only its lower triangle is read) by the Cholesky–Banachiewicz
     * algorithm: L_jj = √(A_jj − Σ_{k&lt;j} L_jk²), L_ij = (A_ij − Σ_{k&lt;j} L_ik L_jk) / L_jj.
     *
     * @throws IllegalArgumentException if {@code a} is not (numerically) positive definite
     */
    public static Cholesky of(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] li = l[i];
            for (int j = 0; j <= i; j++) {
                double[] lj = l[j];
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= li[k] * lj[k];
                }
                if (i == j) {
                    if (!(sum > 0.0)) {
                        throw new IllegalArgumentException(
                                "Cholesky: matrix is not positive definite (pivot " + sum + " at row " + i + ")");
                    }
                    li[i] = Math.sqrt(sum);
                } else {
                    li[j] = sum / lj[j];
                }
            }
        }
        return new Cholesky(l);
    }

    /** The order n of the matrix. */
    public int size() {
        return n;
    }

    /** log det A = 2 Σ log L_ii. */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(lower[i][i]);
        }
        return 2.0 * s;
    }

    /** Solves L·v = b (forward substitution); returns v. */
    public double[] solveLower(double[] b) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double[] li = lower[i];
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= li[k] * v[k];
            }
            v[i] = sum / li[i];
        }
        return v;
    }

    /** Solves Lᵀ·x = v (back substitution); returns x. */
    public double[] solveUpper(double[] v) {
        double[] x = v.clone();
        for (int i = n - 1; i >= 0; i--) {
            x[i] /= lower[i][i];
            double xi = x[i];
            double[] li = lower[i];
            for (int k = 0; k < i; k++) {
                x[k] -= li[k] * xi;
            }
        }
        return x;
    }

    /** Solves A·x = b; returns x. */
    public double[] solve(double[] b) {
        return solveUpper(solveLower(b));
    }

    /** A⁻¹ (n×n), from L⁻¹: A⁻¹ = L⁻ᵀ·L⁻¹. */
    public double[][] inverse() {
        // rows of L^-1, computed column by column from the unit vectors
        double[][] linv = new double[n][n];
        for (int c = 0; c < n; c++) {
            // solve L x = e_c; x_i = 0 for i < c
            linv[c][c] = 1.0 / lower[c][c];
            for (int i = c + 1; i < n; i++) {
                double[] li = lower[i];
                double sum = 0;
                for (int k = c; k < i; k++) {
                    sum -= li[k] * linv[k][c];
                }
                linv[i][c] = sum / li[i];
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int k = i; k < n; k++) {
                    sum += linv[k][i] * linv[k][j];
                }
                inv[i][j] = sum;
                inv[j][i] = sum;
            }
        }
        return inv;
    }
}
