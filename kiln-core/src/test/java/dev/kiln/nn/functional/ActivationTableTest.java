package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.backend.Activation;
import dev.kiln.nn.activation.GELU;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every functional activation is its {@link Activation} record: a float64 tensor gets the record's
 * float64 value and derivative element by element (the reference path), and a float32 tensor of an
 * activation without a vector kernel gets them rounded once from float64.
 */
class ActivationTableTest {
    private record Case(String name, Function<Tensor, Tensor> op, Activation f, boolean scalarKernel) {
    }

    private static final List<Case> CASES = List.of(
            new Case("relu", Activations::relu, new Activation.Relu(), false),
            new Case("leaky_relu", x -> Activations.leakyRelu(x, 0.01), new Activation.LeakyRelu(0.01), false),
            new Case("hardtanh", x -> Activations.hardtanh(x, -0.3, 0.7), new Activation.Hardtanh(-0.3, 0.7), false),
            new Case("elu", x -> Activations.elu(x, 0.7), new Activation.ExpLinear(1, 0.7, 1), false),
            new Case("selu", Activations::selu, new Activation.ExpLinear(Activations.SELU_SCALE, Activations.SELU_ALPHA, 1), false),
            new Case("gelu", x -> Activations.gelu(x, GELU.Approximation.NONE), new Activation.GeluErf(), false),
            new Case("gelu_tanh", x -> Activations.gelu(x, GELU.Approximation.TANH), new Activation.GeluTanh(), false),
            new Case("silu", Activations::silu, new Activation.Silu(), false),
            new Case("sigmoid", Activations::sigmoid, new Activation.Sigmoid(), false),
            new Case("tanh", Activations::tanh, new Activation.Tanh(), false),
            new Case("mish", Activations::mish, new Activation.Mish(), true),
            new Case("softplus", x -> Activations.softplus(x, 2, 3), new Activation.Softplus(2, 3), true),
            new Case("softsign", Activations::softsign, new Activation.Softsign(), true),
            new Case("hardsigmoid", Activations::hardsigmoid, new Activation.Hardsigmoid(), true),
            new Case("hardswish", Activations::hardswish, new Activation.Hardswish(), true),
            new Case("logsigmoid", Activations::logsigmoid, new Activation.LogSigmoid(), true),
            new Case("tanhshrink", Activations::tanhshrink, new Activation.Tanhshrink(), true),
            new Case("hardshrink", x -> Activations.hardshrink(x, 0.5), new Activation.Hardshrink(0.5), true),
            new Case("softshrink", x -> Activations.softshrink(x, 0.5), new Activation.Softshrink(0.5), true),
            new Case("threshold", x -> Activations.threshold(x, 0.1, 20), new Activation.Threshold(0.1, 20), true),
            new Case("logit", x -> Activations.logit(x.sigmoid(), 0.2), new Activation.Logit(0.2, 0.8), true));

    @Test
    void float64ActivationsAreTheRecordsFormulas() {
        double[] v = Tensor.randn(new Generator(3), 301).mul(3).toDoubleArray();
        v[0] = 0;
        v[1] = Double.NaN;
        for (Case c : CASES) {
            Tensor x = Tensor.fromArray(v, v.length).requiresGrad(true);
            Tensor in = c.name.equals("logit") ? x.sigmoid() : x; // logit's domain is (0, 1)
            double[] xs = in.detach().toDoubleArray();
            Tensor y = c.op.apply(x);
            double[] ys = y.toDoubleArray();
            y.sum().backward();
            double[] gs = x.grad().toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals(c.f.value(xs[i]), ys[i], 0, c.name + " value at " + xs[i]);
                if (!c.name.equals("logit")) {
                    assertEquals(c.f.derivative(xs[i]), gs[i], 0, c.name + " derivative at " + xs[i]);
                }
            }
        }
    }

    @Test
    void float32ActivationsWithoutAVectorKernelRoundTheFloat64FormulaOnce() {
        float[] v = Tensor.randn(new Generator(5), 1001).mul(3).toFloatArray();
        for (Case c : CASES) {
            if (!c.scalarKernel || c.name.equals("logit")) {
                continue;
            }
            Tensor x = Tensor.fromArray(v, v.length).requiresGrad(true);
            Tensor y = c.op.apply(x);
            float[] ys = y.toFloatArray();
            y.backward(y.onesLike().mul(0.5));
            float[] gs = x.grad().toFloatArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals((float) c.f.value(v[i]), ys[i], 0, c.name + " value at " + v[i]);
                assertEquals((float) (0.5 * c.f.derivative(v[i])), gs[i], 0, c.name + " derivative at " + v[i]);
            }
        }
    }

    @Test
    void reluPassesTheGradientAtNanAsPyTorch() {
        // threshold_backward: 0 where x ≤ 0, the gradient elsewhere, NaN included; both dtypes alike
        for (DType type : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Tensor x = Tensor.fromArray(new double[] {Double.NaN, -1, 0, 2}, 4).to(type).requiresGrad(true);
            Tensor y = Activations.relu(x);
            y.sum().backward();
            assertEquals(Double.NaN, y.toDoubleArray()[0], type + " relu(NaN)");
            double[] g = x.grad().toDoubleArray();
            assertEquals(1, g[0], type + " gradient at NaN");
            assertEquals(0, g[1], type + " gradient below 0");
            assertEquals(0, g[2], type + " gradient at 0");
            assertEquals(1, g[3], type + " gradient above 0");
        }
    }
}
