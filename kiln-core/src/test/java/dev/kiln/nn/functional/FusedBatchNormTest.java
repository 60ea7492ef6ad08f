package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradOptions;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The float32 batch-norm kernels ({@link FusedBatchNorm}) against the composed float64 form of
 * {@link Normalization#batchNorm} (which NormTest gradient-checks): outputs, running statistics, the three
 * gradients, the gradient of a gradient (create_graph), and evaluation mode; and
 * {@link Normalization#batchNormRelu} (BN and ReLU fused in one pass and one node) against the composed
 * {@code relu(batchNorm(…))} in float64.
 */
class FusedBatchNormTest {
    private final Generator gen = new Generator(5);

    /** Runs f on float32 leaves (the kernels) and on float64 copies (the composed form). */
    private record Pair(Tensor[] f32, Tensor[] f64) {
    }

    private Pair leaves(int[]... shapes) {
        Tensor[] a = new Tensor[shapes.length];
        Tensor[] b = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = Tensor.randn(gen, shapes[i]).mul(1.5).add(i == 0 ? 3.0 : 1.0);
            a[i] = t.detach().requiresGrad(true);
            b[i] = t.detach().to(DType.FLOAT64).requiresGrad(true);
        }
        return new Pair(a, b);
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), "element " + i);
        }
    }

    @Test
    void trainingMatchesTheComposedFormWithGradients() {
        assertTrainingMatches(false);
    }

    /**
     * Outputs, running statistics and the three gradients of the float32 kernel (fused with the ReLU when
     * {@code relu}) against the composed float64 form, on shapes with ragged planes and batch 1.
     */
    private void assertTrainingMatches(boolean relu) {
        for (int[] shape : new int[][] {{4, 3, 5, 7}, {16, 6}, {1, 5, 33}, {3, 2, 64, 70}}) {
            int c = shape[1];
            Pair p = leaves(shape, new int[] {c}, new int[] {c});
            Tensor rm32 = Tensor.zeros(DType.FLOAT32, c);
            Tensor rv32 = Tensor.ones(DType.FLOAT32, c);
            Tensor rm64 = Tensor.zeros(DType.FLOAT64, c);
            Tensor rv64 = Tensor.ones(DType.FLOAT64, c);
            Tensor y32 = relu ? Normalization.batchNormRelu(p.f32()[0], rm32, rv32, p.f32()[1], p.f32()[2], true, 0.1, 1e-5)
                    : Normalization.batchNorm(p.f32()[0], rm32, rv32, p.f32()[1], p.f32()[2], true, 0.1, 1e-5);
            Tensor y64 = Normalization.batchNorm(p.f64()[0], rm64, rv64, p.f64()[1], p.f64()[2], true, 0.1, 1e-5);
            y64 = relu ? Activations.relu(y64) : y64;
            assertEquals(relu ? "NativeBatchNormReluBackward" : "NativeBatchNormBackward", y32.gradFn().name(),
                    "the kernel path ran, one node for the layer");
            assertClose(y64, y32, 1e-5);
            assertClose(rm64, rm32, 1e-6);
            assertClose(rv64, rv32, 1e-5);
            if (relu) {
                double zeros = 0;
                for (double v : y32.toDoubleArray()) {
                    zeros += v == 0 ? 1 : 0;
                }
                assertTrue(zeros > 0.2 * y32.numel() && zeros < 0.8 * y32.numel(), "the ReLU closes part of the outputs");
            }
            // a non-uniform upstream gradient so that every term of dx matters
            Tensor up = Tensor.randn(gen, shape);
            y32.mul(up).sum().backward();
            y64.mul(up.to(DType.FLOAT64)).sum().backward();
            for (int i = 0; i < 3; i++) {
                assertClose(p.f64()[i].grad(), p.f32()[i].grad(), 2e-4);
            }
        }
    }

    @Test
    void noAffineAndInputOnlyGradient() {
        Pair p = leaves(new int[] {5, 4, 3, 3});
        Tensor y32 = Normalization.batchNorm(p.f32()[0], null, null, null, null, true, 0.1, 1e-3);
        Tensor y64 = Normalization.batchNorm(p.f64()[0], null, null, null, null, true, 0.1, 1e-3);
        assertClose(y64, y32, 1e-5);
        Tensor up = Tensor.randn(gen, 5, 4, 3, 3);
        Tensor g32 = Autograd.grad(y32.mul(up).sum(), p.f32()[0]);
        Tensor g64 = Autograd.grad(y64.mul(up.to(DType.FLOAT64)).sum(), p.f64()[0]);
        assertClose(g64, g32, 2e-4);
    }

    @Test
    void gradientOfGradientMatchesTheComposedForm() {
        assertSecondOrderMatches(in -> Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5));
    }

    /** The gradient of ‖dL/dx‖² + ‖dL/dγ‖² (create_graph) through {@code forward} in float32 and float64 agree. */
    private void assertSecondOrderMatches(Function<Tensor[], Tensor> forward) {
        Pair p = leaves(new int[] {3, 2, 4, 4}, new int[] {2}, new int[] {2});
        Tensor up = Tensor.randn(gen, 3, 2, 4, 4);
        Function<Tensor[], Tensor> secondOrder = in -> {
            Tensor y = forward.apply(in);
            List<Tensor> g = Autograd.grad(List.of(y.mul(up.to(in[0].dtype())).sum()), List.of(in[0], in[1]), null,
                    GradOptions.DEFAULT.createGraph(true));
            return g.get(0).square().sum().add(g.get(1).mul(g.get(1)).sum());
        };
        List<Tensor> h32 = Autograd.grad(List.of(secondOrder.apply(p.f32())), List.of(p.f32()[0], p.f32()[1]));
        List<Tensor> h64 = Autograd.grad(List.of(secondOrder.apply(p.f64())), List.of(p.f64()[0], p.f64()[1]));
        assertClose(h64.get(0), h32.get(0), 1e-3);
        assertClose(h64.get(1), h32.get(1), 1e-3);
    }

    @Test
    void evaluationUsesTheRunningStatistics() {
        Tensor x = Tensor.randn(gen, 2, 3, 4, 5);
        Tensor rm = Tensor.of(0.5f, -1f, 2f);
        Tensor rv = Tensor.of(1f, 4f, 0.25f);
        Tensor w = Tensor.of(2f, 1f, -1f);
        Tensor b = Tensor.of(0f, 1f, 3f);
        Tensor y = Normalization.batchNorm(x, rm, rv, w, b, false, 0.1, 1e-5);
        assertNull(y.gradFn());
        Tensor expected = Normalization.batchNorm(x.to(DType.FLOAT64), rm.to(DType.FLOAT64), rv.to(DType.FLOAT64),
                w.to(DType.FLOAT64), b.to(DType.FLOAT64), false, 0.1, 1e-5);
        assertClose(expected, y, 1e-6);
        // the fused ReLU: one affine pass with the running statistics, rectified
        assertClose(Activations.relu(expected), Normalization.batchNormRelu(x, rm, rv, w, b, false, 0.1, 1e-5), 1e-6);
        assertArrayEquals(new float[] {0.5f, -1f, 2f}, rm.toFloatArray(), "evaluation leaves the statistics alone");
    }

    @Test
    void constantChannelWithLargeMeanNormalisesToTheBias() {
        // |mean| ≫ std: the shifted sums keep the variance exact (a plain Σx² − nμ² loses it)
        Tensor x = Tensor.full(1000.5f, 8, 2, 3, 3);
        Tensor y = Normalization.batchNorm(x, null, null, null, Tensor.of(0.25f, -0.5f), true, 0.1, 1e-5);
        for (double v : y.toDoubleArray()) {
            assertTrue(v == 0.25 || v == -0.5, "got " + v);
        }
    }

    @Test
    void fusedReluMatchesTheComposedFormWithGradients() {
        assertTrainingMatches(true);
    }

    @Test
    void fusedReluGradientOfGradientMatchesTheComposedForm() {
        // float32: the fused node's differentiable backward; float64: the composed relu(batchNorm(…))
        assertSecondOrderMatches(in -> in[0].dtype() == DType.FLOAT32
                ? Normalization.batchNormRelu(in[0], null, null, in[1], in[2], true, 0.1, 1e-5)
                : Activations.relu(Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5)));
    }

    @Test
    void overwritingTheFusedOutputBeforeBackwardIsCaught() {
        // the fused node reads the ReLU's mask from its saved output: an in-place change must be refused
        Pair p = leaves(new int[] {4, 3, 5, 5}, new int[] {3}, new int[] {3});
        Tensor y = Normalization.batchNormRelu(p.f32()[0], null, null, p.f32()[1], p.f32()[2], true, 0.1, 1e-5);
        Tensor loss = y.square().sum();
        y.detach().fill_(1);
        RuntimeException e = assertThrows(RuntimeException.class, loss::backward);
        assertTrue(e.getMessage().contains("modified"), e.getMessage());
    }
}
