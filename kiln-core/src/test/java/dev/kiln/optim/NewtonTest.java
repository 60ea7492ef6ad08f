package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Newton's method against L-BFGS and gradient descent on the Rosenbrock function from the
 * classical start (−1.2, 1): the minimum is (1, 1) with f = 0.
 */
class NewtonTest {
    static Tensor rosenbrock(Tensor xy) {
        Tensor x = xy.select(0, 0);
        Tensor y = xy.select(0, 1);
        return x.rsub(1).square().add(y.sub(x.square()).square().mul(100));
    }

    private static double distanceToMinimum(Tensor xy) {
        return Math.hypot(xy.getDouble(0) - 1, xy.getDouble(1) - 1);
    }

    /** Iterations until the point is within 1e-8 of (1, 1), or -1 after {@code limit}. */
    private static int newtonIterations(Newton.Options options, int limit) {
        Tensor xy = Tensor.of(-1.2, 1.0).requiresGrad(true);
        Newton newton = new Newton(List.of(xy), options);
        for (int i = 1; i <= limit; i++) {
            newton.step(() -> rosenbrock(xy));
            if (distanceToMinimum(xy) < 1e-8) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void newtonConvergesInFarFewerIterationsThanLbfgsAndGradientDescent() {
        int newton = newtonIterations(Newton.Options.defaults(), 100);
        assertTrue(newton > 0 && newton <= 30, "Newton iterations: " + newton);

        Tensor xy = Tensor.of(-1.2, 1.0).requiresGrad(true);
        // one L-BFGS iteration per step, strong-Wolfe line search, tolerances small enough not to stop it first
        LBFGS lbfgs = new LBFGS(List.of(xy), new LBFGS.Options(1, 1, 25, 1e-14, 1e-30, 100, true));
        int lbfgsIterations = -1;
        for (int i = 1; i <= 500; i++) {
            lbfgs.step(() -> {
                lbfgs.zeroGrad();
                Tensor l = rosenbrock(xy);
                l.backward();
                return l.item();
            });
            if (distanceToMinimum(xy) < 1e-8) {
                lbfgsIterations = i;
                break;
            }
        }
        System.out.printf("Rosenbrock from (-1.2, 1) to within 1e-8 of (1, 1): Newton %d iterations, L-BFGS %d%n", newton,
                lbfgsIterations);
        assertTrue(lbfgsIterations > newton, "L-BFGS iterations " + lbfgsIterations + " vs Newton " + newton);

        // gradient descent at the largest stable rate (curvature up to ~2,500 along the valley walls)
        Tensor gd = Tensor.of(-1.2, 1.0).requiresGrad(true);
        SGD sgd = new SGD(List.of(gd), SGD.Options.of(5e-4));
        for (int i = 0; i < 10 * newton * 20; i++) {
            sgd.zeroGrad();
            rosenbrock(gd).backward();
            sgd.step();
        }
        assertTrue(distanceToMinimum(gd) > 1e-2, "gradient descent after " + 200 * newton + " steps is still "
                + distanceToMinimum(gd) + " from the minimum");
    }

    @Test
    void aQuadraticIsSolvedInOneFullStep() {
        // f(x) = ½xᵀAx − bᵀx with A positive definite: the minimum A⁻¹b in one Newton step
        Tensor a = Tensor.of(new double[][] {{4, 1}, {1, 3}});
        Tensor b = Tensor.of(1.0, 2.0);
        Tensor x = Tensor.of(10.0, -7.0).requiresGrad(true);
        Newton newton = new Newton(List.of(x), Newton.Options.defaults().withLineSearch(Newton.LineSearch.NONE));
        newton.step(() -> x.reshape(1, 2).matmul(a).matmul(x.reshape(2, 1)).sum().mul(0.5).sub(b.dot(x)));
        // A⁻¹b = [1/11, 7/11]
        assertArrayEquals(new double[] {1.0 / 11, 7.0 / 11}, x.toDoubleArray(), 1e-12);
    }

    @Test
    void dampingTurnsASaddleIntoDescent() {
        // f = x² − y² has a saddle at 0: the pure Newton step jumps onto it; the damped step goes down
        Tensor xy = Tensor.of(1.0, 0.5).requiresGrad(true);
        Newton newton = new Newton(List.of(xy), Newton.Options.defaults());
        double before = 1 - 0.25;
        newton.step(() -> xy.select(0, 0).square().sub(xy.select(0, 1).square()));
        double after = Math.pow(xy.getDouble(0), 2) - Math.pow(xy.getDouble(1), 2);
        assertTrue(after < before, "loss " + before + " -> " + after);
        assertTrue(Math.abs(xy.getDouble(1)) > 0.5, "moves away from the saddle along y: " + xy.getDouble(1));
    }

    @Test
    void solverAndOptionsChecks() {
        double[] d = Newton.solveDamped(new double[][] {{2, 0}, {0, 8}}, new double[] {2, 4}, 0);
        assertArrayEquals(new double[] {-1, -0.5}, d, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new Newton.Options(1, -1, Newton.LineSearch.NONE, 1, 0));
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        Newton n = new Newton(List.of(x), Newton.Options.defaults());
        assertThrows(UnsupportedOperationException.class, n::step);
        assertThrows(IllegalArgumentException.class, () -> n.step(() -> x.mul(Tensor.of(1.0, 2.0))));
        assertEquals(1.0, x.getDouble(0));
    }
}
