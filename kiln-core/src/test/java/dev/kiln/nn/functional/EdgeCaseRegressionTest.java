package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The edge cases of issue 11, each of which gave NaN (or another value than PyTorch) before its
 * fix. Expected values are PyTorch 1.13.1's (float32), from /usr/bin/python3 probes.
 */
class EdgeCaseRegressionTest {
    private static void assertClose(double[] expected, double[] actual, double rtol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(actual[i] - expected[i]) <= 1e-6 + rtol * Math.abs(expected[i]),
                    "element " + i + ": " + actual[i] + ", expected " + expected[i]);
        }
    }

    @Test
    void bceOfASaturatedSigmoidHasAFiniteGradient() {
        // σ(20) rounds to exactly 1 in float32: PyTorch's (x − y)/max(x(1 − x), 1e-12) keeps it finite
        Tensor z = Tensor.of(20f, -20f, 0.5f).requiresGrad(true);
        Tensor y = Tensor.of(0f, 1f, 1f);
        Tensor loss = ClassificationLosses.binaryCrossEntropy(z.sigmoid(), y, null, Reduction.MEAN);
        loss.backward();
        assertEquals(40.158023834228516, loss.item(), 1e-4);
        assertClose(new double[] {0, -0.3333333432674408, -0.12584687769412994}, z.grad().toDoubleArray(), 1e-5);
    }

    @Test
    void bceGradientAtProbabilitiesZeroAndOne() {
        Tensor x = Tensor.of(1f, 0f, 1f, 0f).requiresGrad(true);
        Tensor y = Tensor.of(1f, 0f, 0f, 1f);
        ClassificationLosses.binaryCrossEntropy(x, y, null, Reduction.SUM).backward();
        // (x − y)/max(x(1 − x), 1e-12): 0, 0, +1e12, −1e12
        assertClose(new double[] {0, 0, 1e12, -1e12}, x.grad().toDoubleArray(), 1e-6);
    }

    @Test
    void contrastiveLossAtDistanceZero() {
        Tensor x1 = Tensor.of(new float[][] {{1, 2}, {0.5f, 0.5f}}).requiresGrad(true);
        Tensor x2 = Tensor.of(new float[][] {{1, 2}, {0.5f, 0.5f}}).requiresGrad(true);
        Tensor label = Tensor.of(0L, 1L);
        Tensor loss = MetricLosses.contrastiveLoss(x1, x2, label, 1.0, Reduction.MEAN);
        loss.backward();
        assertEquals(0.25, loss.item(), 1e-7);
        assertArrayEquals(new double[4], x1.grad().toDoubleArray());
        assertArrayEquals(new double[4], x2.grad().toDoubleArray());
    }

    @Test
    void infoNceWithAnAllZeroRow() {
        Tensor q = Tensor.of(new float[][] {{0, 0}, {1, 2}}).requiresGrad(true);
        Tensor k = Tensor.of(new float[][] {{1, 0}, {0, 0}}).requiresGrad(true);
        Tensor loss = MetricLosses.infoNce(q, k, 0.1, Reduction.MEAN);
        loss.backward();
        assertEquals(2.588320732116699, loss.item(), 1e-5);
        assertClose(new double[] {-2499999956992.0, 0.0, 1.7686512470245361, -0.8843255639076233}, q.grad().toDoubleArray(), 1e-4);
        assertClose(new double[] {0.0, 4.421627998352051, -2210813968384.0, -4421627936768.0}, k.grad().toDoubleArray(), 1e-4);
    }

    @Test
    void cosineSimilarityWithAZeroVector() {
        // PyTorch: for x2 = 0, ∂/∂x2 = x1/(‖x1‖·eps) and ∂/∂x1 = 0; a tiny x1 is clamped on its own
        Tensor x1 = Tensor.of(new float[][] {{1, 2, 2}, {1e-9f, 0, 0}}).requiresGrad(true);
        Tensor x2 = Tensor.of(new float[][] {{0, 0, 0}, {1, 2, 2}}).requiresGrad(true);
        Tensor c = Layers.cosineSimilarity(x1, x2, 1, 1e-8);
        c.sum().backward();
        assertClose(new double[] {0, 0.03333333507180214}, c.toDoubleArray(), 1e-5);
        assertClose(new double[] {0, 0, 0, 33000000.0, 66666668.0, 66666668.0}, x1.grad().toDoubleArray(), 1e-5);
        assertClose(new double[] {33333334.0, 66666668.0, 66666668.0, 0.029629630967974663, -0.007407407741993666,
            -0.007407407741993666}, x2.grad().toDoubleArray(), 1e-5);
    }

    @Test
    void logSoftmaxOfHugeLogitsKeepsTheSmallTerms() {
        Tensor x = Tensor.of(new float[][] {{1e30f, -1e30f, 0, 1e30f}});
        // (x − m) − log Σ e^(x−m): the two maxima share the mass, log ½ each
        assertClose(new double[] {-Math.log(2), -2e30, -1e30, -Math.log(2)},
                Softmax.logSoftmax(x, 1).toDoubleArray(), 1e-6);
        assertClose(new double[] {-Math.log(2), -2e30, -Math.log(2)},
                Softmax.logSoftmax(Tensor.of(new float[][] {{1e30f}, {-1e30f}, {1e30f}}), 0).toDoubleArray(), 1e-6);
    }

    @Test
    void nanPropagatesAsInPyTorch() {
        Tensor x = Tensor.of(Float.NaN, -1f, 2f).requiresGrad(true);
        Tensor r = Activations.relu(x);
        r.backward(Tensor.of(1f, 1f, 1f));
        assertTrue(Double.isNaN(r.getDouble(0)));
        // threshold_backward passes the gradient where the output is not ≤ 0, NaN included
        assertArrayEquals(new double[] {1, 0, 1}, x.grad().toDoubleArray());
        Tensor m = Tensor.of(Float.NaN, 3f, Float.NaN, 1f).requiresGrad(true);
        Tensor max = m.max();
        max.backward();
        assertTrue(Double.isNaN(max.item()));
        // the NaN elements share the gradient of max()
        assertArrayEquals(new double[] {0.5, 0, 0.5, 0}, m.grad().toDoubleArray());
    }

    @Test
    void constantBatchesAndZeroDistances() {
        // batch norm with eps = 0 of a constant channel: PyTorch's inverse std is 0, the output the bias
        Tensor in = Tensor.full(2f, 3, 2).requiresGrad(true);
        Tensor out = Normalization.batchNorm(in, null, null, null, Tensor.of(0.1f, 0.2f), true, 0.1, 0);
        out.sum().backward();
        assertClose(new double[] {0.1, 0.2, 0.1, 0.2, 0.1, 0.2}, out.toDoubleArray(), 1e-6);
        assertArrayEquals(new double[6], in.grad().toDoubleArray());
        // a constant channel whose value has no exact float sum (−1.7): the corrected mean makes the
        // output exactly the bias (PyTorch's own float noise is below the tolerance; a plain mean gave 2e-5)
        Tensor c = Tensor.full(-1.7f, 3, 2, 2);
        Tensor bn = Normalization.batchNorm(c, null, null, Tensor.of(0.5f, -1f), Tensor.of(0.1f, 0.2f), true, 0.1, 1e-5);
        assertArrayEquals(new double[] {0.1f, 0.1f, 0.2f, 0.2f}, java.util.Arrays.copyOf(bn.toDoubleArray(), 4), 0);
        // std of a constant row has gradient 0, the distance between equal vectors too
        Tensor s = Tensor.of(new float[][] {{1, 1, 1}}).requiresGrad(true);
        s.std(new int[] {1}, 1, false).sum().backward();
        assertArrayEquals(new double[3], s.grad().toDoubleArray());
        Tensor a = Tensor.of(new float[][] {{1, 2}}).requiresGrad(true);
        Layers.pairwiseDistance(a, Tensor.of(new float[][] {{1, 2}}), 2, 0, false).sum().backward();
        assertArrayEquals(new double[2], a.grad().toDoubleArray());
    }

    @Test
    void huberLossOfAnOverflowingDifferenceIsFinite() {
        Tensor x = Tensor.of(1e30f, 0.5f).requiresGrad(true);
        Tensor l = RegressionLosses.huberLoss(x, Tensor.zeros(DType.FLOAT32, 2), 1, Reduction.NONE);
        l.sum().backward();
        assertClose(new double[] {1e30, 0.125}, l.toDoubleArray(), 1e-6);
        assertArrayEquals(new double[] {1, 0.5}, x.grad().toDoubleArray());
    }

    @Test
    void theNewBackwardFormulasMatchFiniteDifferences() {
        dev.kiln.tensor.Generator g = new dev.kiln.tensor.Generator(8);
        Tensor p = Tensor.rand(g, 3, 4).to(DType.FLOAT64).mul(0.8).add(0.1).requiresGrad(true);
        Tensor y = Tensor.rand(g, 3, 4).to(DType.FLOAT64).requiresGrad(true);
        Tensor w = Tensor.rand(g, 4).to(DType.FLOAT64).add(0.5).requiresGrad(true);
        dev.kiln.autograd.GradCheck.check(in -> ClassificationLosses.binaryCrossEntropy(in[0], in[1], in[2], Reduction.MEAN), p, y, w);
        Tensor a = Tensor.randn(g, 3, 4).to(DType.FLOAT64).requiresGrad(true);
        Tensor b = Tensor.randn(g, 1, 4).to(DType.FLOAT64).requiresGrad(true);
        dev.kiln.autograd.GradCheck.check(in -> Layers.cosineSimilarity(in[0], in[1], 1, 1e-8), a, b);
        dev.kiln.autograd.GradCheck.check(in -> in[0].logsumexp(new int[] {1}, false), a);
        dev.kiln.autograd.GradCheck.check(in -> in[0].std(new int[] {0}, 1, true), a);
        dev.kiln.autograd.GradCheck.check(in -> Layers.pairwiseDistance(in[0], in[1], 3, 1e-6, false), a, b);
    }
}
