package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** jacobian, hessian, vjp, jvp and hvp against closed forms. */
class FunctionalTest {
    /** f(x) = (x₀²x₁, 5x₀ + sin x₁, x₁³): J = [[2x₀x₁, x₀²], [5, cos x₁], [0, 3x₁²]]. */
    private static final UnaryOperator<Tensor> F = x -> {
        Tensor a = x.select(0, 0);
        Tensor b = x.select(0, 1);
        return Tensor.stack(0, a.square().mul(b), a.mul(5).add(b.sin()), b.pow(3));
    };

    /** Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)². */
    static Tensor rosenbrock(Tensor xy) {
        Tensor x = xy.select(0, 0);
        Tensor y = xy.select(0, 1);
        return x.rsub(1).square().add(y.sub(x.square()).square().mul(100));
    }

    @Test
    void jacobianMatchesTheClosedForm() {
        Tensor x = Tensor.of(1.5, -0.5);
        Tensor j = Functional.jacobian(F, x);
        assertArrayEquals(new int[] {3, 2}, j.shape());
        double a = 1.5;
        double b = -0.5;
        assertArrayEquals(new double[] {2 * a * b, a * a, 5, Math.cos(b), 0, 3 * b * b}, j.toDoubleArray(), 1e-12);
        Tensor v = Tensor.of(1.0, 2.0, -1.0);
        assertArrayEquals(v.reshape(1, 3).matmul(j).reshape(2).toDoubleArray(), Functional.vjp(F, x, v).toDoubleArray(), 1e-12);
        Tensor u = Tensor.of(0.3, -2.0);
        assertArrayEquals(j.matmul(u.reshape(2, 1)).reshape(3).toDoubleArray(), Functional.jvp(F, x, u).toDoubleArray(), 1e-12);
    }

    @Test
    void hessianOfRosenbrock() {
        double x = -1.2;
        double y = 1.0;
        Tensor h = Functional.hessian(FunctionalTest::rosenbrock, Tensor.of(x, y));
        // ∂²/∂x² = 2 − 400(y − x²) + 800x², ∂²/∂x∂y = −400x, ∂²/∂y² = 200
        double hxx = 2 - 400 * (y - x * x) + 800 * x * x;
        assertArrayEquals(new double[] {hxx, -400 * x, -400 * x, 200}, h.toDoubleArray(), 1e-9);
        Tensor v = Tensor.of(0.7, -0.2);
        assertArrayEquals(h.matmul(v.reshape(2, 1)).reshape(2).toDoubleArray(),
                Functional.hvp(FunctionalTest::rosenbrock, Tensor.of(x, y), v).toDoubleArray(), 1e-9);
    }

    @Test
    void hessianOfAQuadraticFormIsSymmetrisedMatrix() {
        Tensor a = Tensor.randn(new Generator(5), 4, 4).to(DType.FLOAT64);
        Tensor x0 = Tensor.randn(new Generator(6), 4).to(DType.FLOAT64);
        // f(x) = xᵀAx has H = A + Aᵀ, and is not changed by the point
        Tensor h = Functional.hessian(x -> x.reshape(1, 4).matmul(a).matmul(x.reshape(4, 1)).sum(), x0);
        assertArrayEquals(a.add(a.t()).contiguous().toDoubleArray(), h.toDoubleArray(), 1e-12);
        // a linear function has a zero Hessian, a constant one a zero Jacobian
        assertArrayEquals(new double[16], Functional.hessian(x -> x.mul(3).sum(), x0).toDoubleArray());
        assertArrayEquals(new double[8], Functional.jacobian(x -> Tensor.ones(DType.FLOAT64, 2), x0).toDoubleArray());
    }

    @Test
    void rejectsWrongShapes() {
        Tensor x = Tensor.of(1.0, 2.0);
        assertThrows(IllegalArgumentException.class, () -> Functional.hessian(t -> t.mul(2), x));
        assertThrows(IllegalArgumentException.class, () -> Functional.hvp(t -> t.sum(), x, Tensor.of(1.0)));
    }
}
