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

/** Gradient checks (float64) and hand-computed values for the metric, focal and segmentation losses. */
class MetricLossesTest {
    private static final Generator G = new Generator(9);

    private static Tensor randn(int... shape) {
        return Tensor.randn(G, shape).to(DType.FLOAT64).requiresGrad(true);
    }

    private static Tensor probs(int... shape) {
        return Tensor.rand(G, shape).mul(0.8).add(0.1).to(DType.FLOAT64).requiresGrad(true);
    }

    private static Tensor binary(int... shape) {
        return Tensor.rand(G, shape).gt(0.5).to(DType.FLOAT64);
    }

    @Test
    void contrastiveGradientAndValue() {
        Tensor label = Tensor.of(1L, 0L, 0L, 1L, 0L, 1L);
        GradCheck.check(in -> MetricLosses.contrastiveLoss(in[0], in[1], label, 2.0, Reduction.MEAN), randn(6, 3), randn(6, 3));
        // d = 5 (similar): 0.5·25; d = 1 (dissimilar, margin 2): 0.5·1
        Tensor a = Tensor.of(new double[][] {{0, 0}, {0, 0}});
        Tensor b = Tensor.of(new double[][] {{3, 4}, {0, 1}});
        assertArrayEquals(new double[] {12.5, 0.5},
                MetricLosses.contrastiveLoss(a, b, Tensor.of(1L, 0L), 2, Reduction.NONE).toDoubleArray(), 1e-12);
    }

    @Test
    void npairAndInfoNceGradients() {
        GradCheck.check(in -> MetricLosses.npairLoss(in[0], in[1], 0.05), randn(4, 3), randn(4, 3));
        GradCheck.check(in -> MetricLosses.infoNce(in[0], in[1], 0.5, Reduction.MEAN), randn(5, 4), randn(5, 4));
    }

    @Test
    void focalGradientsAndReductionToCrossEntropy() {
        Tensor t = binary(3, 4);
        GradCheck.check(in -> FocalLosses.sigmoidFocalLoss(in[0], t, 0.25, 2, Reduction.MEAN), randn(3, 4));
        GradCheck.check(in -> FocalLosses.sigmoidFocalLoss(in[0], t, -1, 1.5, Reduction.SUM), randn(3, 4));
        Tensor y = Tensor.of(0L, 3L, 1L, 2L, 3L);
        Tensor alpha = Tensor.of(0.5, 1.0, 2.0, 0.25);
        GradCheck.check(in -> FocalLosses.softmaxFocalLoss(in[0], y, alpha, 2, Reduction.MEAN), randn(5, 4));
        Tensor x = randn(5, 4).detach();
        assertEquals(ClassificationLosses.crossEntropy(x, y).item(), FocalLosses.softmaxFocalLoss(x, y, null, 0, Reduction.MEAN).item(),
                1e-12);
        assertEquals(ClassificationLosses.binaryCrossEntropyWithLogits(x.reshape(4, 5), binary(4, 5), null, null, Reduction.NONE)
                .shape()[1], 5);
    }

    @Test
    void segmentationGradients() {
        Tensor mask = binary(2, 1, 3, 3);
        GradCheck.check(in -> SegmentationLosses.diceLoss(in[0], mask, 1.0, Reduction.MEAN), probs(2, 1, 3, 3));
        Tensor oneHot = binary(2, 3, 2, 2);
        GradCheck.check(in -> SegmentationLosses.sensitivitySpecificityLoss(in[0], oneHot, 0.3, 1e-5), probs(2, 3, 2, 2));
        Tensor labels = Tensor.fromArray(new long[] {0, 1, 1, 0, 255, 1, 0, 0, 1, 1, 255, 0}, 2, 2, 3);
        GradCheck.check(in -> SegmentationLosses.lovaszHinge(in[0], labels, true, 255L), randn(2, 2, 3));
        GradCheck.check(in -> SegmentationLosses.lovaszHinge(in[0], labels, false, 255L), randn(2, 2, 3));
        Tensor cls = Tensor.fromArray(new long[] {0, 2, 2, 0, 255, 2, 0, 0, 2, 2, 255, 0}, 2, 2, 3);
        GradCheck.check(in -> SegmentationLosses.lovaszSoftmax(in[0], cls, LovaszClasses.present(), false, 255L), probs(2, 3, 2, 3));
        GradCheck.check(in -> SegmentationLosses.lovaszSoftmax(in[0], cls, LovaszClasses.all(), true, 255L), probs(2, 3, 2, 3));
    }

    @Test
    void lovaszSoftmaxOverListedClasses() {
        // Class 1 never occurs: "present" averages classes 0 and 2, "all" also counts class 1's loss.
        Tensor cls = Tensor.fromArray(new long[] {0, 2, 2, 0, 255, 2, 0, 0, 2, 2, 255, 0}, 2, 2, 3);
        Tensor p = probs(2, 3, 2, 3).detach();
        double[] single = new double[3];
        for (int c = 0; c < 3; c++) {
            single[c] = SegmentationLosses.lovaszSoftmax(p, cls, new LovaszClasses.Listed(c), false, 255L).item();
        }
        double all = SegmentationLosses.lovaszSoftmax(p, cls, LovaszClasses.all(), false, 255L).item();
        double present = SegmentationLosses.lovaszSoftmax(p, cls, LovaszClasses.present(), false, 255L).item();
        assertEquals((single[0] + single[1] + single[2]) / 3, all, 1e-12);
        assertEquals((single[0] + single[2]) / 2, present, 1e-12);
        assertEquals(present, SegmentationLosses.lovaszSoftmax(p, cls, LovaszClasses.parse("0, 2"), false, 255L).item(), 1e-12);
        assertEquals(new LovaszClasses.All(), LovaszClasses.parse("ALL"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> LovaszClasses.parse("some"));
        assertTrue(bad.getMessage().contains("\"some\""), bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SegmentationLosses.lovaszSoftmax(p, cls, new LovaszClasses.Listed(3), false, 255L));
    }

    @Test
    void diceValue() {
        Tensor p = Tensor.of(new double[][] {{0.5, 0.5, 0, 1}});
        Tensor t = Tensor.of(new double[][] {{1, 0, 0, 1}});
        // (2·1.5 + 1) / (2 + 2 + 1) = 0.8
        assertEquals(0.2, SegmentationLosses.diceLoss(p, t, 1, Reduction.SUM).item(), 1e-12);
    }

    @Test
    void lovaszHingeHandComputed() {
        // Pixels (x, y): (2, 1), (−1, 0), (0.5, 1). errors = 1 − x·(2y−1) = −1, 0, 0.5.
        // Sorted descending: 0.5 (y=1), 0 (y=0), −1 (y=1); G = 2.
        // J: 1 − 1/2 = 0.5; 1 − 1/3 = 2/3; 1 − 0/3 = 1 → grad 0.5, 1/6, 1/3.
        // loss = relu(0.5)·0.5 + relu(0)·1/6 + relu(−1)·1/3 = 0.25.
        Tensor x = Tensor.of(new double[][] {{2, -1, 0.5}}).requiresGrad(true);
        Tensor y = Tensor.fromArray(new long[] {1, 0, 1}, 1, 3);
        Tensor loss = SegmentationLosses.lovaszHinge(x, y, false, null);
        assertEquals(0.25, loss.item(), 1e-12);
        loss.backward();
        // d/dx of relu(1 − x) for the third pixel is −1, times 0.5
        assertArrayEquals(new double[] {0, 0, -0.5}, x.grad().toDoubleArray(), 1e-12);
    }
}
