package dev.kiln.spark;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.Module;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.Callback;
import dev.kiln.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The trainer hook that keeps data-parallel replicas identical.
 *
 * <ul>
 *   <li>Before training: every floating-point tensor of the state dict (weights and buffers) is
 *       broadcast from rank 0, and the replicas whose own values differed are counted.</li>
 *   <li>After each backward: the gradients are averaged over the replicas, weighted by the number
 *       of samples {@code n_r} each replica's gradient comes from,
 *       {@code g = Σ_r n_r·g_r / Σ_r n_r}, so that a step equals a step on the global batch.
 *       Gradients and counts travel in one flat array through {@link RingAllReduce#allReduceSum}.</li>
 *   <li>Then rank 0's floating-point buffers (BatchNorm running statistics) are broadcast, as
 *       PyTorch's DDP does; the normalisation itself uses each replica's own batch (per-replica
 *       BatchNorm).</li>
 * </ul>
 */
final class GradientAverager implements Callback {
    private final RingAllReduce ring;
    private final Module model;
    private final List<Tensor> parameters = new ArrayList<>();
    private final List<Tensor> buffers = new ArrayList<>();
    private final float[] flat;
    private final float[] bufferValues;
    private long differingValues;

    GradientAverager(RingAllReduce ring, Module model) {
        this.ring = ring;
        this.model = model;
        int size = 0;
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            if (p.requiresGrad()) {
                requireFloat32(e.getKey(), p);
                parameters.add(p);
                size += p.numel();
            }
        }
        this.flat = new float[size + 1];
        int bufferSize = 0;
        for (Tensor b : model.namedBuffers().values()) {
            if (b.dtype() == DType.FLOAT32) {
                buffers.add(b);
                bufferSize += b.numel();
            }
        }
        this.bufferValues = new float[bufferSize];
    }

    private static void requireFloat32(String name, Tensor p) {
        if (p.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("data-parallel training averages float32 gradients; parameter " + name + " is " + p.dtype());
        }
    }

    /** How many weight or buffer values of this replica differed from rank 0's before the broadcast. */
    long differingValues() {
        return differingValues;
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        differingValues = 0;
        for (Tensor t : model.stateDict().values()) {
            if (t.dtype() != DType.FLOAT32) {
                continue;
            }
            float[] values = t.toFloatArray();
            float[] mine = values.clone();
            ring.broadcast(values, 0);
            for (int i = 0; i < values.length; i++) {
                if (Float.floatToIntBits(values[i]) != Float.floatToIntBits(mine[i])) {
                    differingValues++;
                }
            }
            try (var off = GradMode.disabled()) {
                t.copy_(Tensor.fromArray(values, t.shape()));
            }
        }
    }

    @Override
    public void onGradients(Trainer trainer, long samples) {
        int at = 0;
        for (Tensor p : parameters) {
            Tensor g = p.grad();
            int n = p.numel();
            if (g == null) {
                Arrays.fill(flat, at, at + n, 0f);
            } else {
                float[] values = g.toFloatArray();
                for (int i = 0; i < n; i++) {
                    flat[at + i] = values[i] * samples;
                }
            }
            at += n;
        }
        flat[at] = samples;
        ring.allReduceSum(flat);
        float total = flat[at];
        at = 0;
        for (Tensor p : parameters) {
            int n = p.numel();
            float[] averaged = new float[n];
            for (int i = 0; i < n; i++) {
                averaged[i] = flat[at + i] / total;
            }
            p.setGrad(Tensor.fromArray(averaged, p.shape()));
            at += n;
        }
        broadcastBuffers();
    }

    private void broadcastBuffers() {
        if (buffers.isEmpty()) {
            return;
        }
        int at = 0;
        for (Tensor b : buffers) {
            float[] values = b.toFloatArray();
            System.arraycopy(values, 0, bufferValues, at, values.length);
            at += values.length;
        }
        ring.broadcast(bufferValues, 0);
        at = 0;
        for (Tensor b : buffers) {
            int n = b.numel();
            float[] values = new float[n];
            System.arraycopy(bufferValues, at, values, 0, n);
            try (var off = GradMode.disabled()) {
                b.copy_(Tensor.fromArray(values, b.shape()));
            }
            at += n;
        }
    }
}
