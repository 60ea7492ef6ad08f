package dev.kiln.nn.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Functional;
import dev.kiln.autograd.GradCheck;
import dev.kiln.autograd.GradOptions;
import dev.kiln.nn.Module;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Double backward (createGraph) through the nn activation modules: the Hessian of Σ w·m(x) from
 * autograd must equal central differences of the first-order gradient (computed by the fast
 * kernels). Before the modules shared a differentiable rule, their gradient carried no graph and
 * this Hessian came out as zeros.
 */
class ActivationDoubleBackwardTest {
    private static final double EPS = 1e-6;

    private static double[] firstGradient(Module m, Tensor w, double[] at) {
        Tensor x = Tensor.fromArray(at.clone(), at.length).requiresGrad(true);
        m.forward(x).mul(w).sum().backward();
        return x.grad().toDoubleArray();
    }

    private static void checkHessian(String name, Module m, Tensor x0) {
        int n = x0.numel();
        Tensor w = Tensor.randn(new Generator(11), m.forward(x0).shape()).to(DType.FLOAT64);
        Tensor h = Functional.hessian(x -> m.forward(x).mul(w).sum(), x0);
        double[] base = x0.toDoubleArray();
        boolean nonZero = false;
        for (int j = 0; j < n; j++) {
            double[] plus = base.clone();
            double[] minus = base.clone();
            plus[j] += EPS;
            minus[j] -= EPS;
            double[] gp = firstGradient(m, w, plus);
            double[] gm = firstGradient(m, w, minus);
            for (int i = 0; i < n; i++) {
                double numeric = (gp[i] - gm[i]) / (2 * EPS);
                double analytic = h.getDouble(i, j);
                nonZero |= Math.abs(numeric) > 1e-3;
                assertEquals(numeric, analytic, 1e-5 + 1e-4 * Math.abs(numeric), name + ": H[" + i + "][" + j + "]");
            }
        }
        assertTrue(nonZero || name.matches("ReLU|ReLU6|Hardtanh|LeakyReLU|Hardshrink|Softshrink|Threshold|Hardsigmoid|PReLU|CReLU|Maxout"),
                name + " should have a non-zero second derivative at these points");
    }

    @Test
    void everyElementwiseActivationModuleSupportsDoubleBackward() {
        // points away from the kinks (±0.5, ±3, 0, 1)
        Tensor x = Tensor.of(-3.7, -1.3, -0.2, 0.35, 0.8, 2.1, 4.2);
        List<Supplier<Module>> modules = List.of(ReLU::new, Tanh::new, Sigmoid::new, SiLU::new, GELU::new, () -> new GELU(GELU.Approximation.TANH),
                ELU::new, SELU::new, CELU::new, Mish::new, Softplus::new, () -> new Softplus(2, 1), Softsign::new, Hardswish::new,
                Hardsigmoid::new, LogSigmoid::new, Tanhshrink::new, ReLU6::new, Hardtanh::new, LeakyReLU::new, Hardshrink::new,
                Softshrink::new, () -> new Threshold(0.1, -2), () -> new Swish(1.7), Swish::new);
        for (Supplier<Module> s : modules) {
            Module m = s.get();
            checkHessian(m.getClass().getSimpleName(), m, x);
        }
    }

    @Test
    void softmaxModulesSupportDoubleBackward() {
        Tensor x = Tensor.of(0.3, -1.2, 2.0, 0.7);
        checkHessian("Softmax", new Softmax(0), x);
        checkHessian("LogSoftmax", new LogSoftmax(0), x);
    }

    @Test
    void gatedAndParametricModulesSupportDoubleBackward() {
        Tensor x = Tensor.of(0.3, -1.2, 2.0, 0.7, -0.4, 1.1);
        checkHessian("GLU", new GLU(0), x);
        checkHessian("Softmin", new Softmin(0), x);
        checkHessian("PReLU", new PReLU(), x);
        checkHessian("CReLU", new CReLU(), x);
        checkHessian("Maxout", new Maxout(2, 0), x);
    }

    @Test
    void gradientOfTheGradientThroughASequentialOfModules() {
        // ∂/∂x of ‖∂L/∂x‖², a gradient penalty, through nn.Tanh: needs the Tanh backward to be differentiable
        Tensor x = Tensor.of(0.5, -1.0).requiresGrad(true);
        Tensor y = new Tanh().forward(x).sum();
        Tensor g = Autograd.grad(y, x, GradOptions.DEFAULT.createGraph(true));   // 1 − tanh²
        Tensor penalty = g.square().sum();
        Tensor gp = Autograd.grad(penalty, x);
        double[] expected = new double[2];
        double[] xs = {0.5, -1.0};
        for (int i = 0; i < 2; i++) {
            double t = Math.tanh(xs[i]);
            // d/dx (1 − t²)² = 2(1 − t²)·(−2t(1 − t²))
            expected[i] = -4 * t * (1 - t * t) * (1 - t * t);
        }
        assertArrayEquals(expected, gp.toDoubleArray(), 1e-12);
    }

    @Test
    void swishWithALearnableBeta() {
        Swish s = Swish.learnable(1.5);
        assertTrue(s.isLearnable());
        assertEquals(List.of("beta"), List.copyOf(s.namedParameters().keySet()));
        Tensor x = Tensor.of(-2f, -0.5f, 0f, 1f, 3f);
        double[] y = s.forward(x).toDoubleArray();
        for (int i = 0; i < y.length; i++) {
            double v = x.getDouble(i);
            assertEquals(v / (1 + Math.exp(-1.5 * v)), y[i], 1e-6);
        }
        // β = 1 is SiLU
        assertArrayEquals(new SiLU().forward(x).toDoubleArray(), new Swish().forward(x).toDoubleArray(), 1e-7);
        Tensor beta = Tensor.of(0.8).requiresGrad(true);
        Tensor in = Tensor.randn(new Generator(4), 6).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(t -> dev.kiln.nn.functional.Activations.swish(t[0], t[1]), in, beta);
        GradCheck.check(t -> dev.kiln.nn.functional.Activations.swish(t[0], 0.6), in);
    }
}
