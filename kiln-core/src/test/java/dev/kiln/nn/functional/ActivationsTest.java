package dev.kiln.nn.functional;

import dev.kiln.nn.activation.GELU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Gradient checks (float64) and values for the element-wise activations. */
class ActivationsTest {
    private static Tensor input(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape).mul(2).to(DType.FLOAT64).requiresGrad(true);
    }

    private static void grad(Function<Tensor, Tensor> f) {
        GradCheck.check(in -> f.apply(in[0]), input(7, 3, 5));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        grad(Activations::sigmoid);
        grad(Activations::tanh);
        grad(Activations::relu);
        grad(Activations::relu6);
        grad(x -> Activations.hardtanh(x, -1.5, 2));
        grad(x -> Activations.leakyRelu(x, 0.1));
        grad(x -> Activations.rrelu(x, 0.1, 0.3, false, null));
        grad(x -> Activations.elu(x, 0.7));
        grad(Activations::selu);
        grad(x -> Activations.celu(x, 0.5));
        grad(x -> Activations.gelu(x, GELU.Approximation.NONE));
        grad(x -> Activations.gelu(x, GELU.Approximation.TANH));
        grad(Activations::silu);
        grad(Activations::mish);
        grad(x -> Activations.softplus(x, 2, 3));
        grad(Activations::softsign);
        grad(Activations::hardsigmoid);
        grad(Activations::hardswish);
        grad(Activations::logsigmoid);
        grad(Activations::tanhshrink);
        grad(x -> Activations.hardshrink(x, 0.5));
        grad(x -> Activations.softshrink(x, 0.5));
        grad(x -> Activations.threshold(x, 0.1, 20));
        grad(x -> Softmax.softmax(x, 1));
        grad(x -> Softmax.softmax(x, 0));
        grad(x -> Softmax.logSoftmax(x, -1));
        grad(x -> Softmax.logSoftmax(x, 0));
        grad(x -> Softmax.softmin(x, 1));
        grad(GatedActivations::crelu);
        grad(x -> GatedActivations.glu(x.narrow(1, 0, 4), 1));
        grad(x -> GatedActivations.maxout(x, 5));
    }

    @Test
    void fusedFloat32KernelsAgreeWithFloat64() {
        Tensor base = Tensor.randn(new Generator(12), 1003).mul(4);
        Tensor up = Tensor.randn(new Generator(13), 1003);
        java.util.List<Function<Tensor, Tensor>> fs = java.util.List.of(
                Activations::relu, Activations::sigmoid, Activations::tanh, x -> Activations.leakyRelu(x, 0.05),
                x -> Activations.elu(x, 0.7), Activations::selu, x -> Activations.celu(x, 0.5), x -> Activations.hardtanh(x, -1, 2), Activations::relu6,
                Activations::silu, x -> Activations.gelu(x, GELU.Approximation.NONE), x -> Activations.gelu(x, GELU.Approximation.TANH));
        for (Function<Tensor, Tensor> f : fs) {
            Tensor x32 = base.clone().requiresGrad(true);
            Tensor x64 = base.to(DType.FLOAT64).requiresGrad(true);
            Tensor y32 = f.apply(x32);
            Tensor y64 = f.apply(x64);
            assertTrue(y32.to(DType.FLOAT64).allclose(y64, 1e-6, 1e-6));
            y32.mul(up).sum().backward();
            y64.mul(up.to(DType.FLOAT64)).sum().backward();
            assertTrue(x32.grad().to(DType.FLOAT64).allclose(x64.grad(), 1e-5, 1e-6));
        }
    }

    /** relu keeps NaN and maps −0 to +0 both in the vector lanes and in the scalar tail (n = 16·k + 3). */
    @Test
    void reluKeepsNanInEveryLane() {
        for (int n : new int[] {3, 35}) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? -0f : i - 10f;
            }
            float[] r = Activations.relu(Tensor.fromArray(v, n)).toFloatArray();
            for (int i = 0; i < n; i++) {
                if (i % 3 == 0) {
                    assertTrue(Float.isNaN(r[i]), "NaN at " + i);
                } else {
                    assertEquals(Math.max(v[i], 0f), r[i], 0f, "element " + i);
                    assertEquals(0, Float.compare(Math.max(v[i], 0f), r[i]), "sign of zero at " + i);
                }
            }
        }
    }

    @Test
    void logitGradientInsideAndOutsideTheClamp() {
        Tensor p = Tensor.rand(new Generator(3), 3, 4).mul(0.8).add(0.1).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> Activations.logit(in[0], null), p);
        Tensor q = Tensor.of(0.05, 0.3, 0.6, 0.97).requiresGrad(true);
        Activations.logit(q, 0.1).sum().backward();
        double[] g = q.grad().toDoubleArray();
        assertEquals(0, g[0]);
        assertEquals(1 / (0.3 * 0.7), g[1], 1e-12);
        assertEquals(0, g[3]);
        assertEquals(Math.log(0.1 / 0.9), Activations.logit(q, 0.1).toDoubleArray()[0], 1e-12);
    }

    @Test
    void preluPerChannelAndShared() {
        Tensor x = input(11, 2, 3, 4);
        Tensor w3 = Tensor.of(0.1, 0.25, -0.5).requiresGrad(true);
        Tensor w1 = Tensor.of(0.3).requiresGrad(true);
        GradCheck.check(in -> Activations.prelu(in[0], in[1]), x, w3);
        GradCheck.check(in -> Activations.prelu(in[0], in[1]), x, w1);
        Tensor y = Activations.prelu(Tensor.of(new double[][] {{-2, 0, 3}}), Tensor.of(0.1, 0.2, 0.3));
        assertArrayEquals(new double[] {-0.2, 0, 3}, y.toDoubleArray(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Activations.prelu(x, Tensor.of(1.0, 2.0)));
    }

    @Test
    void kinkConventions() {
        Tensor x = Tensor.of(0.0, 6.0, -1.0).requiresGrad(true);
        Activations.relu6(x).sum().backward();
        assertArrayEquals(new double[] {0, 0, 0}, x.grad().toDoubleArray());
        Tensor z = Tensor.of(0.0).requiresGrad(true);
        Activations.leakyRelu(z, 0.2).sum().backward();
        assertEquals(0.2, z.grad().item(), 1e-15);
        Tensor s = Tensor.of(0.0).requiresGrad(true);
        Activations.selu(s).sum().backward();
        assertEquals(Activations.SELU_SCALE * Activations.SELU_ALPHA, s.grad().item(), 1e-12);
        Tensor c = Tensor.of(0.0).requiresGrad(true);
        Activations.celu(c, 0.5).sum().backward();
        assertEquals(1, c.grad().item(), 1e-15);
    }

    @Test
    void rreluTrainingDrawsSlopesInRange() {
        Tensor x = Tensor.full(DType.FLOAT64, -1, 1000).requiresGrad(true);
        Tensor y = Activations.rrelu(x, 0.1, 0.3, true, new Generator(5));
        double[] v = y.toDoubleArray();
        double min = 1;
        double max = 0;
        for (double d : v) {
            min = Math.min(min, -d);
            max = Math.max(max, -d);
        }
        assertTrue(min >= 0.1 && max <= 0.3 && max - min > 0.15, "slopes " + min + " .. " + max);
        y.sum().backward();
        assertArrayEquals(v, x.grad().neg().toDoubleArray(), 1e-15);
        Tensor same = Activations.rrelu(Tensor.full(DType.FLOAT64, -1, 1000), 0.1, 0.3, true, new Generator(5));
        assertArrayEquals(v, same.toDoubleArray());
        Tensor eval = Activations.rrelu(Tensor.of(-2.0, 3.0), 0.1, 0.3, false, null);
        assertArrayEquals(new double[] {-0.4, 3}, eval.toDoubleArray(), 1e-12);
    }

    @Test
    void stableAtLargeMagnitudes() {
        Tensor x = Tensor.of(-100f, -50f, 0f, 50f, 100f);
        float[] sp = Activations.softplus(x).toFloatArray();
        assertArrayEquals(new float[] {(float) Math.exp(-100), (float) Math.exp(-50), (float) Math.log(2), 50, 100}, sp, 1e-6f);
        float[] ls = Activations.logsigmoid(x).toFloatArray();
        assertArrayEquals(new float[] {-100, -50, (float) -Math.log(2), (float) -Math.exp(-50), (float) -Math.exp(-100)}, ls, 1e-6f);
        Tensor xg = Tensor.of(-100.0, 100.0).requiresGrad(true);
        Activations.logsigmoid(xg).sum().backward();
        assertArrayEquals(new double[] {1, Math.exp(-100)}, xg.grad().toDoubleArray(), 1e-300);
    }

    @Test
    void geluMatchesClosedForm() {
        double[] v = Activations.gelu(Tensor.of(-1.0, 0.5, 2.0), GELU.Approximation.NONE).toDoubleArray();
        // Φ(−1) = 0.15865525393145707, Φ(0.5) = 0.6914624612740131, Φ(2) = 0.9772498680518208
        assertArrayEquals(new double[] {-0.15865525393145707, 0.5 * 0.6914624612740131, 2 * 0.9772498680518208}, v, 1e-14);
    }

    @Test
    void maxoutGroupsConsecutiveFeatures() {
        Tensor x = Tensor.of(new double[][] {{1, 5, 3, 2, 9, 4}}).requiresGrad(true);
        Tensor y = GatedActivations.maxout(x, 3);
        assertArrayEquals(new double[] {5, 9}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 0, 1, 0}, x.grad().toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> GatedActivations.maxout(x, 4));
    }

    @Test
    void creluAndGluShapes() {
        assertArrayEquals(new int[] {2, 6, 4}, GatedActivations.crelu(Tensor.zeros(2, 3, 4)).shape());
        assertArrayEquals(new int[] {2, 3, 2}, GatedActivations.glu(Tensor.zeros(2, 3, 4)).shape());
        assertThrows(IllegalArgumentException.class, () -> GatedActivations.glu(Tensor.zeros(2, 3), 1));
    }
}
