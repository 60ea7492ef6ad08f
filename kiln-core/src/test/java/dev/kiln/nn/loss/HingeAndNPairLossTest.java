package dev.kiln.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.MetricLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The binary hinge loss (seed 001) and the N-pair loss with labels. */
class HingeAndNPairLossTest {
    @Test
    void hingeLossIsTheSvmLoss() {
        Tensor scores = Tensor.of(2.0, 0.3, -0.5, -3.0).requiresGrad(true);
        Tensor y = Tensor.of(1.0, 1.0, 1.0, -1.0);
        // max(0, 1 − y·f): 0, 0.7, 1.5, 0
        Tensor none = new HingeLoss(1, Reduction.NONE).forward(scores, y);
        assertArrayEquals(new double[] {0, 0.7, 1.5, 0}, none.toDoubleArray(), 1e-12);
        Tensor mean = new HingeLoss().forward(scores, y);
        assertEquals(2.2 / 4, mean.item(), 1e-12);
        mean.backward();
        // −y/N where the margin is violated
        assertArrayEquals(new double[] {0, -0.25, -0.25, 0}, scores.grad().toDoubleArray(), 1e-12);
        assertEquals(0.5, MarginLosses.hingeLoss(Tensor.of(0.5), Tensor.of(1.0), 1, Reduction.SUM).item(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new HingeLoss().forward(scores, Tensor.of(1.0, 0.0, 1.0, -1.0)));
        assertThrows(IllegalArgumentException.class, () -> new HingeLoss(-1, Reduction.MEAN));
        Tensor x = Tensor.of(0.2, -0.7, 1.4, 0.1).requiresGrad(true);
        GradCheck.check(in -> MarginLosses.hingeLoss(in[0], Tensor.of(1.0, -1.0, -1.0, 1.0), 1, Reduction.SUM), x);
    }

    @Test
    void npairLossWithDistinctLabelsIsTheClassicLoss() {
        Generator g = new Generator(3);
        Tensor a = Tensor.randn(g, 4, 3).to(DType.FLOAT64);
        Tensor p = Tensor.randn(g, 4, 3).to(DType.FLOAT64);
        assertEquals(MetricLosses.npairLoss(a, p, 0.002).item(),
                new NPairLoss().forward(a, p, Tensor.of(7L, 1L, 3L, 0L)).item(), 1e-12);
    }

    @Test
    void repeatedClassesAreNotNegatives() {
        Generator g = new Generator(5);
        int n = 4;
        Tensor a = Tensor.randn(g, n, 3).to(DType.FLOAT64);
        Tensor p = Tensor.randn(g, n, 3).to(DType.FLOAT64);
        long[] labels = {0, 1, 0, 2};
        double lambda = 0.01;
        // by hand: soft targets spread over the positives of the anchor's class
        double[][] logits = new double[n][n];
        double[] av = a.toDoubleArray();
        double[] pv = p.toDoubleArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < 3; k++) {
                    logits[i][j] += av[i * 3 + k] * pv[j * 3 + k];
                }
            }
        }
        double ce = 0;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[i]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : logits[i]) {
                sum += Math.exp(v - max);
            }
            int same = 0;
            for (long l : labels) {
                same += l == labels[i] ? 1 : 0;
            }
            for (int j = 0; j < n; j++) {
                if (labels[j] == labels[i]) {
                    ce -= (logits[i][j] - max - Math.log(sum)) / same;
                }
            }
        }
        ce /= n;
        double reg = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                reg += (av[i * 3 + k] * av[i * 3 + k] + pv[i * 3 + k] * pv[i * 3 + k]) / n;
            }
        }
        double expected = ce + 0.25 * lambda * reg;
        Tensor lab = Tensor.of(labels);
        assertEquals(expected, MetricLosses.npairLoss(a, p, lab, lambda).item(), 1e-12);
        // it differs from the loss that treats anchor 0's same-class positive 2 as a negative
        double plain = MetricLosses.npairLoss(a, p, lambda).item();
        assertTrue(Math.abs(plain - expected) > 1e-3, "with labels " + expected + ", without " + plain);
        GradCheck.check(in -> MetricLosses.npairLoss(in[0], in[1], lab, lambda), a.clone().requiresGrad(true), p.clone().requiresGrad(true));
        assertThrows(IllegalArgumentException.class, () -> MetricLosses.npairLoss(a, p, Tensor.of(0L, 1L), lambda));
    }
}
