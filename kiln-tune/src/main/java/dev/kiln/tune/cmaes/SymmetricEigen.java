package dev.kiln.tune.cmaes;

/**
 * The eigen-decomposition A = B·diag(λ)·Bᵀ of a symmetric matrix by the cyclic Jacobi method (rotations
 * that zero one off-diagonal entry at a time, repeated until the off-diagonal mass is below 10⁻²² of
 * the total); exact enough and simple for the small matrices of CMA-ES.
 *
 * @param values the eigenvalues λ_i
 * @param vectors B, with the eigenvectors as columns: vectors[row][i]
 */
public record SymmetricEigen(double[] values, double[][] vectors) {
    /** Decomposes {@code a} (n×n, symmetric; not modified). */
    public static SymmetricEigen of(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1.0;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    total += m[i][j] * m[i][j];
                    if (i != j) {
                        off += m[i][j] * m[i][j];
                    }
                }
            }
            if (off <= 1e-22 * total || off == 0) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] == 0) {
                        continue;
                    }
                    // the rotation angle θ with tan 2θ = 2 m_pq / (m_qq − m_pp)
                    double theta = (m[q][q] - m[p][p]) / (2.0 * m[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
                    if (theta == 0) {
                        t = 1.0;
                    }
                    double c = 1.0 / Math.sqrt(t * t + 1.0);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k][p];
                        double mkq = m[k][q];
                        m[k][p] = c * mkp - s * mkq;
                        m[k][q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p][k];
                        double mqk = m[q][k];
                        m[p][k] = c * mpk - s * mqk;
                        m[q][k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = m[i][i];
        }
        return new SymmetricEigen(values, v);
    }
}
