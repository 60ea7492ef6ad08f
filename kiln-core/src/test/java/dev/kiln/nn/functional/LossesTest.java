package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Gradient checks (float64), hand-computed values and stability of the losses. */
class LossesTest {
    private static final Generator G = new Generator(42);

    private static Tensor randn(int... shape) {
        return Tensor.randn(G, shape).to(DType.FLOAT64).requiresGrad(true);
    }

    private static Tensor probs(int... shape) {
        return Tensor.rand(G, shape).mul(0.8).add(0.1).to(DType.FLOAT64).requiresGrad(true);
    }

    private static Tensor plain(Tensor t) {
        return t.detach().requiresGrad(false);
    }

    @Test
    void regressionGradients() {
        Tensor y = plain(randn(3, 4));
        for (Reduction r : Reduction.values()) {
            GradCheck.check(in -> RegressionLosses.mseLoss(in[0], y, r), randn(3, 4));
            GradCheck.check(in -> RegressionLosses.l1Loss(in[0], y, r), randn(3, 4));
            GradCheck.check(in -> RegressionLosses.smoothL1Loss(in[0], y, 0.7, r), randn(3, 4));
            GradCheck.check(in -> RegressionLosses.huberLoss(in[0], y, 0.7, r), randn(3, 4));
        }
        Tensor counts = Tensor.of(new double[][] {{0, 1, 2, 5}, {3, 0, 1, 7}});
        GradCheck.check(in -> RegressionLosses.poissonNllLoss(in[0], counts, true, true, 1e-8, Reduction.MEAN), randn(2, 4));
        GradCheck.check(in -> RegressionLosses.poissonNllLoss(in[0], counts, false, false, 1e-8, Reduction.SUM), probs(2, 4));
        Tensor t = plain(randn(4, 3));
        GradCheck.check(in -> RegressionLosses.gaussianNllLoss(in[0], t, in[1], true, 1e-6, Reduction.MEAN), randn(4, 3), probs(4, 3));
        GradCheck.check(in -> RegressionLosses.gaussianNllLoss(in[0], t, in[1], false, 1e-6, Reduction.NONE), randn(4, 3), probs(4, 1));
        GradCheck.check(in -> RegressionLosses.gaussianNllLoss(in[0], t, in[1], false, 1e-6, Reduction.SUM), randn(4, 3), probs(4));
    }

    @Test
    void regressionValues() {
        Tensor x = Tensor.of(0.0, 1.0, 4.0);
        Tensor y = Tensor.of(0.5, 1.0, 1.0);
        assertEquals((0.25 + 0 + 9) / 3, RegressionLosses.mseLoss(x, y, Reduction.MEAN).item(), 1e-15);
        // smooth L1, β = 1: d = 0.5 → 0.125; d = 0 → 0; d = 3 → 2.5
        assertArrayEquals(new double[] {0.125, 0, 2.5}, RegressionLosses.smoothL1Loss(x, y, 1, Reduction.NONE).toDoubleArray(), 1e-15);
        // Huber, δ = 2: d = 3 → 2·(3 − 1) = 4
        assertEquals(0.125 + 4, RegressionLosses.huberLoss(x, y, 2, Reduction.SUM).item(), 1e-15);
        // var below eps is replaced by eps, with the identity as gradient
        Tensor v = Tensor.of(1e-9).requiresGrad(true);
        Tensor loss = RegressionLosses.gaussianNllLoss(Tensor.of(1e-3), Tensor.of(0.0), v, false, 1e-6, Reduction.SUM);
        assertEquals(0.5 * (Math.log(1e-6) + 1e-6 / 1e-6), loss.item(), 1e-9);
        loss.backward();
        assertEquals(0.5 * (1 / 1e-6 - 1e-6 / 1e-12), v.grad().item(), 1e-3);
    }

    @Test
    void classificationGradients() {
        Tensor soft = plain(probs(3, 4));
        Tensor w = plain(probs(3, 4));
        GradCheck.check(in -> ClassificationLosses.binaryCrossEntropy(in[0], soft, w, Reduction.MEAN), probs(3, 4));
        Tensor pw = Tensor.of(0.5, 1.0, 2.0, 3.0);
        GradCheck.check(in -> ClassificationLosses.binaryCrossEntropyWithLogits(in[0], soft, w, pw, Reduction.SUM), randn(3, 4));
        GradCheck.check(in -> ClassificationLosses.binaryCrossEntropyWithLogits(in[0], soft, null, null, Reduction.MEAN), randn(3, 4));
        Tensor logits = randn(3, 4).detach();
        assertTrue(ClassificationLosses.binaryCrossEntropyWithLogits(logits, soft, null, null, Reduction.NONE).allclose(
                ClassificationLosses.binaryCrossEntropyWithLogits(logits, soft, Tensor.ones(DType.FLOAT64, 3, 4), null, Reduction.NONE),
                1e-14, 1e-15));
        Tensor target = Tensor.of(0L, 3L, 1L, 2L, 3L);
        Tensor cw = Tensor.of(0.2, 1.0, 0.7, 1.5);
        for (Reduction r : Reduction.values()) {
            GradCheck.check(in -> ClassificationLosses.crossEntropy(in[0], target, cw, 2, 0.1, r), randn(5, 4));
            GradCheck.check(in -> ClassificationLosses.nllLoss(in[0], target, cw, 1, r), randn(5, 4));
        }
        Tensor spatial = Tensor.fromArray(new long[] {0, 2, 1, 1, 2, 0, 0, 1}, 2, 2, 2);
        GradCheck.check(in -> ClassificationLosses.crossEntropy(in[0], spatial, null, -100, 0, Reduction.MEAN), randn(2, 3, 2, 2));
        Tensor probTarget = plain(Softmax.softmax(randn(5, 4), 1));
        GradCheck.check(in -> ClassificationLosses.crossEntropy(in[0], probTarget, cw, -100, 0.2, Reduction.MEAN), randn(5, 4));
        Tensor logP = plain(Softmax.logSoftmax(randn(3, 4), 1));
        GradCheck.check(in -> ClassificationLosses.klDiv(in[0], soft, Reduction.BATCHMEAN, ProbabilityForm.PROBABILITIES), randn(3, 4));
        GradCheck.check(in -> ClassificationLosses.klDiv(in[0], logP, Reduction.MEAN, ProbabilityForm.LOG_PROBABILITIES), randn(3, 4));
    }

    @Test
    void crossEntropyMatchesHandComputation() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 5}});
        Tensor y = Tensor.of(2L, 0L);
        double lse0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        double lse1 = Math.log(2 + Math.exp(5));
        double[] none = ClassificationLosses.crossEntropy(x, y, null, -100, 0, Reduction.NONE).toDoubleArray();
        assertArrayEquals(new double[] {lse0 - 3, lse1}, none, 1e-12);
        // weighted mean: Σ w[y]·nll / Σ w[y]
        Tensor w = Tensor.of(2.0, 1.0, 0.5);
        double mean = ClassificationLosses.crossEntropy(x, y, w, -100, 0, Reduction.MEAN).item();
        assertEquals((0.5 * (lse0 - 3) + 2 * lse1) / 2.5, mean, 1e-12);
        // ignore_index removes a sample from both the sum and the denominator
        assertEquals(lse0 - 3, ClassificationLosses.crossEntropy(x, Tensor.of(2L, 7L), null, 7, 0, Reduction.MEAN).item(), 1e-12);
        // label smoothing ε: (1−ε)·nll + ε/C·Σ_c −lp_c
        double eps = 0.3;
        double smooth0 = 3 * lse0 - 6;
        double expected = (1 - eps) * (lse0 - 3) + eps / 3 * smooth0;
        assertEquals(expected, ClassificationLosses.crossEntropy(x.narrow(0, 0, 1), Tensor.of(2L), null, -100, eps, Reduction.SUM).item(),
                1e-12);
        assertThrows(IllegalArgumentException.class, () -> ClassificationLosses.crossEntropy(x, Tensor.of(3L, 0L)));
        // an unbatched (C) input with a 0-d class target or (C) probabilities
        Tensor row = x.select(0, 0);
        assertEquals(lse0 - 3, ClassificationLosses.crossEntropy(row, Tensor.scalar(DType.INT64, 2)).item(), 1e-12);
        assertEquals(lse0 - 3, ClassificationLosses.crossEntropy(row, Tensor.of(0.0, 0.0, 1.0)).item(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ClassificationLosses.crossEntropy(x, Tensor.of(0L, 0L, 1L)));
    }

    @Test
    void fusedFloat32CrossEntropyAgreesWithFloat64() {
        Generator g = new Generator(8);
        Tensor y = Tensor.randint(g, 0, 37, 9);
        Tensor w = Tensor.rand(g, 37).add(0.5);
        Tensor up = Tensor.randn(g, 9);
        for (double eps : new double[] {0, 0.15}) {
            Tensor x32 = Tensor.randn(g, 9, 37).mul(3).requiresGrad(true);
            Tensor x64 = x32.detach().to(DType.FLOAT64).requiresGrad(true);
            long ignore = y.toLongArray()[4];
            Tensor l32 = ClassificationLosses.crossEntropy(x32, y, w, ignore, eps, Reduction.NONE);
            Tensor l64 = ClassificationLosses.crossEntropy(x64, y, w.to(DType.FLOAT64), ignore, eps, Reduction.NONE);
            assertTrue(l32.to(DType.FLOAT64).allclose(l64, 1e-5, 1e-6));
            l32.mul(up).sum().backward();
            l64.mul(up.to(DType.FLOAT64)).sum().backward();
            assertTrue(x32.grad().to(DType.FLOAT64).allclose(x64.grad(), 1e-5, 1e-6));
        }
        // the spatial float32 path (class dimension strided)
        Tensor xs = Tensor.randn(g, 2, 5, 3).requiresGrad(true);
        Tensor ys = Tensor.randint(g, 0, 5, 2, 3);
        Tensor viaSpatial = ClassificationLosses.crossEntropy(xs, ys, null, -100, 0.1, Reduction.NONE);
        Tensor viaRows = ClassificationLosses.crossEntropy(xs.permute(0, 2, 1).reshape(6, 5), ys.reshape(6), null, -100, 0.1,
                Reduction.NONE);
        assertTrue(viaSpatial.reshape(6).allclose(viaRows, 1e-6, 1e-6));
    }

    @Test
    void crossEntropyStableForHugeLogits() {
        Tensor x = Tensor.of(new float[][] {{100, -100, 0}, {-100, 100, 100}}).requiresGrad(true);
        Tensor loss = ClassificationLosses.crossEntropy(x, Tensor.of(1L, 2L), null, -100, 0, Reduction.NONE);
        float[] v = loss.toFloatArray();
        assertEquals(200f, v[0], 1e-3f);
        assertEquals((float) Math.log(2), v[1], 1e-6f);
        loss.sum().backward();
        for (float g : x.grad().toFloatArray()) {
            assertTrue(Float.isFinite(g));
        }
    }

    @Test
    void bceWithLogitsStableAtHundred() {
        Tensor x = Tensor.of(100f, -100f, 100f, -100f).requiresGrad(true);
        Tensor y = Tensor.of(1f, 0f, 0f, 1f);
        Tensor loss = ClassificationLosses.binaryCrossEntropyWithLogits(x, y, null, null, Reduction.NONE);
        assertArrayEquals(new float[] {0, 0, 100, 100}, loss.toFloatArray(), 1e-6f);
        loss.sum().backward();
        assertArrayEquals(new float[] {0, 0, 1, -1}, x.grad().toFloatArray(), 1e-6f);
        Tensor pw = Tensor.of(3f);
        assertEquals(300f, ClassificationLosses.binaryCrossEntropyWithLogits(Tensor.of(-100f), Tensor.of(1f), null, pw,
                Reduction.SUM).item(), 1e-3);
    }

    @Test
    void marginGradients() {
        Tensor pm = Tensor.of(1.0, -1.0, -1.0, 1.0, 1.0, -1.0);
        GradCheck.check(in -> MarginLosses.hingeEmbeddingLoss(in[0], pm, 1.5, Reduction.MEAN), randn(6));
        Tensor cls = Tensor.of(0L, 4L, 2L, 1L);
        Tensor w = Tensor.of(1.0, 0.5, 2.0, 1.0, 0.3);
        GradCheck.check(in -> MarginLosses.multiMarginLoss(in[0], cls, 1, 1.0, w, Reduction.SUM), randn(4, 5));
        GradCheck.check(in -> MarginLosses.multiMarginLoss(in[0], cls, 2, 0.5, null, Reduction.MEAN), randn(4, 5));
        GradCheck.check(in -> MarginLosses.softMarginLoss(in[0], pm.reshape(2, 3), Reduction.MEAN), randn(2, 3));
        Tensor r5 = Tensor.of(1.0, -1.0, 1.0, -1.0, 1.0);
        GradCheck.check(in -> MarginLosses.marginRankingLoss(in[0], in[1], r5, 0.3, Reduction.NONE), randn(5), randn(5));
        Tensor r4 = Tensor.of(1.0, -1.0, -1.0, 1.0);
        GradCheck.check(in -> MarginLosses.cosineEmbeddingLoss(in[0], in[1], r4, -0.5, Reduction.MEAN), randn(4, 3), randn(4, 3));
        for (double p : new double[] {1, 2, 3}) {
            GradCheck.check(in -> MarginLosses.tripletMarginLoss(in[0], in[1], in[2], 2.0, p, 1e-6, true, Reduction.MEAN),
                    randn(4, 3), randn(4, 3), randn(4, 3));
        }
    }

    @Test
    void softMarginStableAtThirty() {
        Tensor loss = MarginLosses.softMarginLoss(Tensor.of(-30f, 30f), Tensor.of(1f, 1f), Reduction.NONE);
        assertArrayEquals(new float[] {30, (float) Math.exp(-30)}, loss.toFloatArray(), 1e-6f);
    }

    @Test
    void legacyReductionFlags() {
        assertEquals(Reduction.MEAN, Reduction.legacy(null, null));
        assertEquals(Reduction.SUM, Reduction.legacy(false, null));
        assertEquals(Reduction.SUM, Reduction.legacy(false, true));
        assertEquals(Reduction.NONE, Reduction.legacy(true, false));
        assertEquals(Reduction.NONE, Reduction.legacy(null, false));
        assertEquals(Reduction.MEAN, Reduction.parse("Mean"));
        assertEquals(Reduction.BATCHMEAN, Reduction.parse("batchmean"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reduction.parse("average"));
        assertTrue(e.getMessage().contains("average"), e.getMessage());
    }
}
