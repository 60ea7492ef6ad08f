package dev.kiln.spark;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.HookHandle;
import dev.kiln.nn.Module;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.Callback;
import dev.kiln.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 *       Gradients and counts travel in one flat array (parameters in reverse registration
 *       order, then the count) through {@link RingAllReduce#allReduceSum}: with {@code overlap},
 *       bucket by bucket while the backward still runs ({@link GradientBuckets}); without, in one
 *       call after the backward.</li>
 *   <li>Then rank 0's floating-point buffers (BatchNorm running statistics) are broadcast, as
 *       PyTorch's DDP does; the normalisation itself uses each replica's own batch (per-replica
 *       BatchNorm).</li>
 * </ul>
 */
final class GradientAverager implements Callback, AutoCloseable {
    private final RingAllReduce ring;
    private final Module model;
    private final List<Tensor> parameters = new ArrayList<>();
    private final int[] offsets;
    private final List<Tensor> buffers = new ArrayList<>();
    private final float[] flat;
    private final float[] bufferValues;
    private final GradientBuckets buckets;
    private final HookHandle batchSize;
    private long differingValues;

    /**
     * @param overlap whether to all-reduce buckets of {@code bucketFloats} during the backward
     *     (then one backward per optimiser step), or the whole gradient after it
     */
    GradientAverager(RingAllReduce ring, Module model, boolean overlap, int bucketFloats) {
        this.ring = ring;
        this.model = model;
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            if (p.requiresGrad()) {
                requireFloat32(e.getKey(), p);
                parameters.add(p);
            }
        }
        Collections.reverse(parameters);
        this.offsets = new int[parameters.size()];
        int size = 0;
        for (int i = 0; i < parameters.size(); i++) {
            offsets[i] = size;
            size += parameters.get(i).numel();
        }
        this.flat = new float[size + 1];
        if (overlap) {
            buckets = new GradientBuckets(ring, parameters, offsets, flat, bucketFloats);
            batchSize = model.registerForwardPreHook((module, input) -> {
                if (module.isTraining()) {
                    buckets.samples(input.size(0));
                }
            });
        } else {
            buckets = null;
            batchSize = null;
        }
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
        if (buckets != null) {
            buckets.finish(samples);
        } else {
            reduceAfterBackward(samples);
        }
        float total = flat[flat.length - 1];
        for (int k = 0; k < parameters.size(); k++) {
            Tensor p = parameters.get(k);
            int n = p.numel();
            float[] averaged = new float[n];
            for (int i = 0; i < n; i++) {
                averaged[i] = flat[offsets[k] + i] / total;
            }
            p.setGrad(Tensor.fromArray(averaged, p.shape()));
        }
        broadcastBuffers();
    }

    private void reduceAfterBackward(long samples) {
        for (int k = 0; k < parameters.size(); k++) {
            Tensor p = parameters.get(k);
            Tensor g = p.grad();
            int at = offsets[k];
            int n = p.numel();
            if (g == null) {
                Arrays.fill(flat, at, at + n, 0f);
            } else {
                float[] values = g.toFloatArray();
                for (int i = 0; i < n; i++) {
                    flat[at + i] = values[i] * samples;
                }
            }
        }
        flat[flat.length - 1] = samples;
        ring.allReduceSum(flat);
    }

    /** Removes the hooks from the model and stops the communication thread. */
    @Override
    public void close() {
        if (buckets != null) {
            batchSize.remove();
            buckets.close();
        }
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
