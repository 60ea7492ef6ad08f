package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.BatchNorm2d;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SyncBatchNorm on two ranks of a loopback ring (threads, no Spark) against one BatchNorm2d on
 * the whole batch: outputs, running statistics, and the gradients of input, weight and bias.
 */
class SyncBatchNormTest {
    private static final int BATCH = 6;
    private static final int[] SPLIT = {0, 4, 6}; // unequal shards: rank 0 has 4 samples, rank 1 has 2

    private static BatchNorm2d layer() {
        BatchNorm2d bn = new BatchNorm2d(3);
        try (var off = GradMode.disabled()) {
            bn.weight().copy_(Tensor.fromArray(new float[] {1.5f, -0.5f, 2f}, 3));
            bn.bias().copy_(Tensor.fromArray(new float[] {0.1f, 0.2f, -0.3f}, 3));
        }
        return bn;
    }

    private static Tensor input() {
        return Tensor.randn(new Generator(3), BATCH, 3, 2, 2).mul(2).add(1);
    }

    private static Tensor target() {
        return Tensor.randn(new Generator(4), BATCH, 3, 2, 2);
    }

    /**
     * One training-mode forward and backward of loss {@code Σ y·t / n} over {@code n} samples;
     * returns y, ∂loss/∂x scaled by {@code n/BATCH} (the replica's share of the global loss), the
     * same-scaled gradients of weight and bias, and the running mean and variance.
     */
    private static float[] step(BatchNorm2d bn, Tensor x, Tensor t) {
        Tensor in = x.detach().requiresGrad(true);
        Tensor y = bn.call(in);
        int n = x.size(0);
        y.mul(t).sum().mul(1.0 / n).backward();
        double share = (double) n / BATCH;
        return concat(y.toFloatArray(), in.grad().mul(share).toFloatArray(), bn.weight().grad().mul(share).toFloatArray(),
                bn.bias().grad().mul(share).toFloatArray(), bn.runningMean().toFloatArray(), bn.runningVar().toFloatArray());
    }

    private static float[] concat(float[]... parts) {
        int length = 0;
        for (float[] p : parts) {
            length += p.length;
        }
        float[] out = new float[length];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void tworanksComputeWhatOneProcessComputesOnTheWholeBatch() throws Exception {
        float[] whole = step(layer(), input(), target());
        List<float[]> ranks = RingAllReduceTest.onRing(2, 64, ring -> {
            BatchNorm2d bn = layer();
            assertEquals(1, SyncBatchNorm.convert(bn, ring));
            int from = SPLIT[ring.rank()];
            int to = SPLIT[ring.rank() + 1];
            return step(bn, input().slice(0, from, to), target().slice(0, from, to));
        });
        int plane = 3 * 4;
        int yAndDx = 2 * BATCH * plane;
        float[] expected = whole;
        float[] rank0 = ranks.get(0);
        float[] rank1 = ranks.get(1);
        // y and ∂L/∂x: rank 0 holds samples 0..3, rank 1 samples 4..5
        for (int part = 0; part < 2; part++) {
            int base = part * BATCH * plane;
            int rankBase0 = part * 4 * plane;
            int rankBase1 = part * 2 * plane;
            for (int i = 0; i < 4 * plane; i++) {
                assertEquals(expected[base + i], rank0[rankBase0 + i], 2e-5, (part == 0 ? "y" : "dx") + " of sample " + i / plane);
            }
            for (int i = 0; i < 2 * plane; i++) {
                assertEquals(expected[base + 4 * plane + i], rank1[rankBase1 + i], 2e-5, (part == 0 ? "y" : "dx") + " of sample " + (4 + i / plane));
            }
        }
        // weight and bias gradients: the sample-weighted average of the replicas' (what GradientAverager computes)
        for (int i = 0; i < 6; i++) {
            float averaged = rank0[4 * 2 * plane + i] + rank1[2 * 2 * plane + i];
            assertEquals(expected[yAndDx + i], averaged, 2e-5, "grad of weight/bias " + i);
        }
        // running statistics: the global batch's, identical on both ranks
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[yAndDx + 6 + i], rank0[4 * 2 * plane + 6 + i], 2e-6, "running statistic " + i);
            assertEquals(rank0[4 * 2 * plane + 6 + i], rank1[2 * 2 * plane + 6 + i], 0, "running statistic " + i);
        }
        // per-replica statistics would differ: the comparison is not vacuous
        float[] perReplica = step(layer(), input().slice(0, 0, 4), target().slice(0, 0, 4));
        double gap = 0;
        for (int i = 0; i < 4 * plane; i++) {
            gap = Math.max(gap, Math.abs(perReplica[i] - expected[i]));
        }
        assertTrue(gap > 1e-2, "per-replica BatchNorm differs by " + gap);
    }
}
