package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.nn.functional.Normalization;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Normalisation functions against loop references, gradient checks, running statistics and the modules. */
class NormTest {
    private final Generator gen = new Generator(21);

    private Tensor rand64(int... shape) {
        return Tensor.randn(gen, shape).to(DType.FLOAT64);
    }

    private Tensor leaf(int... shape) {
        return rand64(shape).requiresGrad(true);
    }

    /** Per-channel batch statistics of x (N, C, P) by loops: {mean, biased var} per channel. */
    private static double[][] channelStats(double[] x, int n, int c, int p) {
        double[][] st = new double[2][c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    s += x[(i * c + ch) * p + j];
                }
            }
            double mean = s / (n * p);
            double v = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    double d = x[(i * c + ch) * p + j] - mean;
                    v += d * d;
                }
            }
            st[0][ch] = mean;
            st[1][ch] = v / (n * p);
        }
        return st;
    }

    @Test
    void batchNormTrainingNormalisesAndUpdatesRunningStats() {
        int n = 3, c = 2, p = 4;
        Tensor x = rand64(n, c, p);
        Tensor w = rand64(c), b = rand64(c);
        Tensor rm = rand64(c), rv = rand64(c).abs();
        double[] rm0 = rm.toDoubleArray(), rv0 = rv.toDoubleArray();
        Tensor y = Normalization.batchNorm(x, rm, rv, w, b, true, 0.3, 1e-5);
        double[] xs = x.toDoubleArray();
        double[][] st = channelStats(xs, n, c, p);
        double[] expected = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            int ch = (i / p) % c;
            expected[i] = (xs[i] - st[0][ch]) / Math.sqrt(st[1][ch] + 1e-5) * w.toDoubleArray()[ch] + b.toDoubleArray()[ch];
        }
        assertArrayEquals(expected, y.toDoubleArray(), 1e-12);
        int m = n * p;
        for (int ch = 0; ch < c; ch++) {
            assertEquals(0.7 * rm0[ch] + 0.3 * st[0][ch], rm.toDoubleArray()[ch], 1e-12);
            assertEquals(0.7 * rv0[ch] + 0.3 * st[1][ch] * m / (m - 1), rv.toDoubleArray()[ch], 1e-12);
        }
    }

    @Test
    void batchNormEvalUsesRunningStats() {
        Tensor x = rand64(4, 3, 2, 2);
        Tensor rm = rand64(3), rv = rand64(3).abs().add(0.5);
        Tensor y = Normalization.batchNorm(x, rm, rv, null, null, false, 0.1, 1e-5);
        double[] xs = x.toDoubleArray(), m = rm.toDoubleArray(), v = rv.toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            int ch = (i / 4) % 3;
            assertEquals((xs[i] - m[ch]) / Math.sqrt(v[ch] + 1e-5), y.toDoubleArray()[i], 1e-12);
        }
        assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(rand64(1, 3), null, null, null, null, true, 0.1, 1e-5));
    }

    @Test
    void batchNormGradients() {
        GradCheck.check(in -> Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), leaf(4, 3),
                leaf(3), leaf(3));
        GradCheck.check(in -> Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), leaf(3, 2, 4),
                leaf(2), leaf(2));
        GradCheck.check(in -> Normalization.batchNorm(in[0], rand64(2), rand64(2).abs(), in[1], in[2], true, 0.1, 1e-5),
                leaf(2, 2, 3, 2), leaf(2), leaf(2));
        Tensor rv = rand64(3).abs().add(0.5);
        Tensor rm = rand64(3);
        GradCheck.check(in -> Normalization.batchNorm(in[0], rm, rv, in[1], in[2], false, 0.1, 1e-5), leaf(2, 3, 2),
                leaf(3), leaf(3));
    }

    @Test
    void batchNorm2dModuleTrainAndEval() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.namedBuffers().keySet()));
        Tensor nbt = bn.numBatchesTracked();
        assertEquals(DType.INT64, nbt.dtype());
        assertEquals(0, nbt.dim());
        Tensor x = Tensor.randn(gen, 4, 3, 5, 5).mul(2).add(1);
        double[][] st = channelStats(x.toDoubleArray(), 4, 3, 25);
        Tensor y = bn.forward(x);
        // training: output normalised with batch statistics → per-channel mean 0, biased variance ≈ 1
        double[][] yst = channelStats(y.toDoubleArray(), 4, 3, 25);
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(0, yst[0][ch], 1e-5);
            assertEquals(1, yst[1][ch], 1e-3);
            assertEquals(0.1 * st[0][ch], bn.runningMean().toDoubleArray()[ch], 1e-5);
            assertEquals(0.9 + 0.1 * st[1][ch] * 100 / 99, bn.runningVar().toDoubleArray()[ch], 1e-5);
        }
        assertEquals(1, bn.numBatchesTracked().item());
        bn.eval();
        double[] before = bn.runningMean().toDoubleArray();
        Tensor z = bn.forward(x);
        assertArrayEquals(before, bn.runningMean().toDoubleArray(), 0);
        assertEquals(1, bn.numBatchesTracked().item());
        double[] xs = x.toDoubleArray(), zs = z.toDoubleArray();
        double[] rm = bn.runningMean().toDoubleArray(), rv = bn.runningVar().toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            int ch = (i / 25) % 3;
            assertEquals((xs[i] - rm[ch]) / Math.sqrt(rv[ch] + 1e-5), zs[i], 1e-4);
        }
        // training with gradients reaching weight and bias
        bn.train();
        bn.forward(x).sum().backward();
        assertNotNull(bn.weight().grad());
        assertArrayEquals(new double[] {100, 100, 100}, bn.bias().grad().toDoubleArray(), 1e-3);
    }

    @Test
    void batchNormCumulativeAverageAndNoTracking() {
        BatchNorm1d bn = new BatchNorm1d(2, BatchNorm1d.Options.defaults().withCumulativeAverage().withAffine(false));
        assertTrue(bn.parameters().isEmpty());
        Tensor a = Tensor.randn(gen, 5, 2), b = Tensor.randn(gen, 5, 2);
        bn.forward(a);
        bn.forward(b);
        double[] ma = channelStats(a.toDoubleArray(), 5, 2, 1)[0], mb = channelStats(b.toDoubleArray(), 5, 2, 1)[0];
        for (int ch = 0; ch < 2; ch++) {
            assertEquals((ma[ch] + mb[ch]) / 2, bn.runningMean().toDoubleArray()[ch], 1e-5);
        }
        assertEquals(2, bn.numBatchesTracked().item());
        BatchNorm1d free = new BatchNorm1d(2, BatchNorm1d.Options.defaults().withTrackRunningStats(false));
        assertTrue(free.namedBuffers().isEmpty());
        free.eval();
        double[][] st = channelStats(free.forward(a).toDoubleArray(), 5, 2, 1);
        assertEquals(0, st[0][0], 1e-5); // batch statistics even in eval
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.randn(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.randn(2, 4)));
    }

    @Test
    void groupLayerInstanceNormMatchLoops() {
        Tensor x = rand64(2, 6, 3);
        // group norm with 3 groups: each (n, group) normalised over 2 channels × 3 positions
        Tensor y = Normalization.groupNorm(x, 3, null, null, 1e-5);
        double[][] st = channelStats(x.reshape(1, 6, 6).toDoubleArray(), 1, 6, 6); // (n·g) rows of 6
        double[] xs = x.toDoubleArray(), ys = y.toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            int row = i / 6;
            assertEquals((xs[i] - st[0][row]) / Math.sqrt(st[1][row] + 1e-5), ys[i], 1e-12);
        }
        // instance norm = group norm with one channel per group
        Tensor in = Normalization.instanceNorm(x, null, null, 1e-5);
        assertArrayEquals(Normalization.groupNorm(x, 6, null, null, 1e-5).toDoubleArray(), in.toDoubleArray(), 1e-12);
        // layer norm over the last two dims = group norm with one group
        Tensor ln = Normalization.layerNorm(x, new int[] {6, 3}, null, null, 1e-5);
        assertArrayEquals(Normalization.groupNorm(x, 1, null, null, 1e-5).toDoubleArray(), ln.toDoubleArray(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Normalization.groupNorm(x, 4, null, null, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> Normalization.layerNorm(x, new int[] {6}, null, null, 1e-5));
    }

    @Test
    void groupLayerInstanceNormGradients() {
        GradCheck.check(in -> Normalization.groupNorm(in[0], 2, in[1], in[2], 1e-5), leaf(2, 4, 3), leaf(4), leaf(4));
        GradCheck.check(in -> Normalization.groupNorm(in[0], 3, in[1], in[2], 1e-5), leaf(2, 6, 2, 2), leaf(6), leaf(6));
        GradCheck.check(in -> Normalization.layerNorm(in[0], new int[] {3, 4}, in[1], in[2], 1e-5), leaf(2, 3, 4),
                leaf(3, 4), leaf(3, 4));
        GradCheck.check(in -> Normalization.layerNorm(in[0], new int[] {4}, null, null, 1e-5), leaf(3, 4));
        GradCheck.check(in -> Normalization.instanceNorm(in[0], in[1], in[2], 1e-5), leaf(2, 3, 4), leaf(3), leaf(3));
        GradCheck.check(in -> Normalization.instanceNorm(in[0], null, null, 1e-5), leaf(2, 2, 3, 3));
    }

    @Test
    void normModules() {
        Tensor x = Tensor.randn(gen, 2, 4, 3, 3);
        GroupNorm gn = new GroupNorm(2, 4);
        assertArrayEquals(Normalization.groupNorm(x, 2, null, null, 1e-5).toDoubleArray(), gn.forward(x).toDoubleArray(),
                1e-6);
        assertEquals(List.of("weight", "bias"), List.copyOf(gn.namedParameters().keySet()));
        LayerNorm ln = new LayerNorm(3);
        assertArrayEquals(new int[] {3}, ln.namedParameters().get("weight").shape());
        assertArrayEquals(x.shape(), ln.forward(x).shape());
        InstanceNorm2d inorm = new InstanceNorm2d(4);
        assertTrue(inorm.parameters().isEmpty() && inorm.namedBuffers().isEmpty());
        assertArrayEquals(Normalization.instanceNorm(x, null, null, 1e-5).toDoubleArray(),
                inorm.forward(x).toDoubleArray(), 1e-6);
        assertArrayEquals(new int[] {4, 3, 3}, inorm.forward(x.select(0, 0)).shape());
        InstanceNorm2d tracked = new InstanceNorm2d(4, InstanceNorm2d.defaults().withAffine(true).withTrackRunningStats(true));
        tracked.forward(x);
        assertEquals(1, tracked.namedBuffers().get("num_batches_tracked").item());
        assertFalse(tracked.namedBuffers().get("running_mean").allclose(Tensor.zeros(4)));
        LocalResponseNorm lrn = new LocalResponseNorm(3);
        assertArrayEquals(x.shape(), lrn.forward(x).shape());
    }

    @Test
    void localResponseNormMatchesFormula() {
        int n = 2, c = 5, p = 3, size = 4;
        double alpha = 0.3, beta = 0.75, k = 2;
        Tensor x = rand64(n, c, p);
        Tensor y = Normalization.localResponseNorm(x, size, alpha, beta, k);
        double[] xs = x.toDoubleArray();
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int j = 0; j < p; j++) {
                    double s = 0;
                    for (int cc = ch - size / 2; cc <= ch + (size - 1) / 2; cc++) {
                        if (cc >= 0 && cc < c) {
                            double a = xs[(i * c + cc) * p + j];
                            s += a * a;
                        }
                    }
                    double expected = xs[(i * c + ch) * p + j] / Math.pow(k + alpha / size * s, beta);
                    assertEquals(expected, y.toDoubleArray()[(i * c + ch) * p + j], 1e-12);
                }
            }
        }
        GradCheck.check(in -> Normalization.localResponseNorm(in[0], 3, 0.5, 0.75, 1.0), leaf(2, 5, 3));
        GradCheck.check(in -> Normalization.localResponseNorm(in[0], 2, 0.5, 0.5, 2.0), leaf(1, 6, 2, 2));
    }

    @Test
    void weightNormFunctional() {
        Tensor v = rand64(4, 3);
        Tensor g = rand64(4, 1);
        Tensor w = Normalization.weightNorm(v, g, 0);
        double[] ws = w.toDoubleArray(), gs = g.toDoubleArray();
        for (int r = 0; r < 4; r++) {
            double s = 0;
            for (int j = 0; j < 3; j++) {
                s += ws[r * 3 + j] * ws[r * 3 + j];
            }
            assertEquals(Math.abs(gs[r]), Math.sqrt(s), 1e-12);
        }
        GradCheck.check(in -> Normalization.weightNorm(in[0], in[1], 0), leaf(4, 3), leaf(4, 1));
        GradCheck.check(in -> Normalization.weightNorm(in[0], in[1], 1), leaf(3, 4), leaf(1, 4));
        GradCheck.check(in -> Normalization.weightNorm(in[0], in[1], 0), leaf(3, 2, 2, 2), leaf(3, 1, 1, 1));
        GradCheck.check(in -> Normalization.weightNorm(in[0], in[1], null), leaf(3, 4), leaf());
        assertThrows(IllegalArgumentException.class, () -> Normalization.weightNorm(v, rand64(3, 1), 0));
    }

    @Test
    void weightNormModuleWrapsAConv() {
        Kiln.manualSeed(9);
        Conv2d conv = new Conv2d(2, 3, 3);
        Tensor w0 = conv.weight().detach().clone();
        Tensor x = Tensor.randn(gen, 2, 2, 5, 5);
        Tensor before = conv.forward(x).detach();
        WeightNorm wn = new WeightNorm(conv);
        assertEquals(List.of("weight_g", "weight_v", "bias"), List.copyOf(wn.namedParameters().keySet()));
        assertArrayEquals(new int[] {3, 1, 1, 1}, wn.weightG().shape());
        assertArrayEquals(w0.toDoubleArray(), wn.computeWeight().toDoubleArray(), 1e-6);
        Tensor y = wn.forward(x);
        assertArrayEquals(before.toDoubleArray(), y.toDoubleArray(), 1e-5);
        y.sum().backward();
        assertNotNull(wn.weightG().grad());
        assertNotNull(wn.weightV().grad());
        assertNull(conv.weight(), "the wrapped weight is absent outside forward");
        // scaling g scales the output's weight part
        try (var s = dev.kiln.autograd.GradMode.disabled()) {
            wn.weightG().mul_(2);
        }
        Tensor y2 = wn.forward(x).sub(conv.bias().reshape(1, 3, 1, 1));
        Tensor y1 = before.sub(conv.bias().detach().reshape(1, 3, 1, 1));
        assertArrayEquals(y1.mul(2).toDoubleArray(), y2.toDoubleArray(), 1e-4);
        WeightNorm whole = new WeightNorm(new Conv1d(2, 2, 2), WeightNorm.Options.defaults().withNormOverWholeTensor());
        assertEquals(0, whole.weightG().dim());
        wn.eval();
        assertFalse(conv.isTraining());
    }
}
