package dev.kiln.tune.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Cholesky solves and the bounded L-BFGS on problems with known answers. */
class LinearAlgebraTest {
    private static final double[][] A = {{4, 2, 0.4}, {2, 5, 1}, {0.4, 1, 3}};

    @Test
    void choleskySolvesAndInverts() {
        Cholesky c = Cholesky.of(A);
        double[] b = {1, -2, 0.5};
        double[] x = c.solve(b);
        for (int i = 0; i < 3; i++) {
            double r = 0;
            for (int j = 0; j < 3; j++) {
                r += A[i][j] * x[j];
            }
            assertEquals(b[i], r, 1e-12);
        }
        double[][] inv = c.inverse();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double p = 0;
                for (int k = 0; k < 3; k++) {
                    p += A[i][k] * inv[k][j];
                }
                assertEquals(i == j ? 1.0 : 0.0, p, 1e-12);
            }
        }
        // det A = 4(15 − 1) − 2(6 − 0.4) + 0.4(2 − 2) = 44.8
        assertEquals(Math.log(44.8), c.logDeterminant(), 1e-12);
    }

    @Test
    void choleskyRefusesIndefinite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cholesky.of(new double[][] {{1, 2}, {2, 1}}));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
    }

    @Test
    void lbfgsFindsRosenbrockMinimum() {
        BoundedLbfgs.Objective rosenbrock = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        BoundedLbfgs.Result r = new BoundedLbfgs(10, 1e-9, 500).minimize(rosenbrock, new double[] {-1.2, 1}, null, null);
        assertEquals(1.0, r.x()[0], 1e-5);
        assertEquals(1.0, r.x()[1], 1e-5);
    }

    @Test
    void lbfgsStopsAtTheActiveBound() {
        // f = (x − 3)² + (y + 1)² on [0, 2] × [0, 2]: the minimum is at the corner (2, 0)
        BoundedLbfgs.Objective f = (x, g) -> {
            g[0] = 2 * (x[0] - 3);
            g[1] = 2 * (x[1] + 1);
            return (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1);
        };
        BoundedLbfgs.Result r = new BoundedLbfgs(5, 1e-8, 100)
                .minimize(f, new double[] {0.5, 1.5}, new double[] {0, 0}, new double[] {2, 2});
        assertEquals(2.0, r.x()[0], 0.0);
        assertEquals(0.0, r.x()[1], 0.0);
        assertTrue(r.converged());
    }
}
