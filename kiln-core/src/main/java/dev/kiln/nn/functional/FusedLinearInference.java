package dev.kiln.nn.functional;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * {@link Layers#linear} for a layer that is called again and again with the same weight, as in inference:
 * y = x·Wᵀ + b with B = Wᵀ packed once and kept between calls.
 *
 * <p>The SGEMM of y = x·Wᵀ packs B = Wᵀ into the layout of its register kernel, on every call, and reading
 * W through its strides makes that a transpose. When no graph is recorded (grad mode off, or nothing requires
 * grad), this class packs B once with the backend's {@link dev.kiln.backend.Backend#prepackGemmB} and multiplies
 * with that copy ({@link dev.kiln.backend.Backend#gemmPrepacked}), which the SGEMM reads in place.
 *
 * <p>The copy never goes stale: it belongs to one weight tensor and one version of its storage (every
 * in-place write, an optimizer step or a {@code copy_} included, bumps the version; a view shares its
 * base's storage and counter), and is made again when either has changed. A call that records a graph
 * drops the copy (training changes the weight at every step; the copy would only double its memory).
 * Non-float32 tensors and inputs that are not 2-D take {@link Layers#linear} unchanged. Safe to call from
 * several threads at once: each sees either no copy or a complete one.
 *
 * <pre>{@code
 * FusedLinearInference fc = new FusedLinearInference();
 * try (var off = GradMode.disabled()) {
 *     Tensor y = fc.forward(x, weight, bias);   // (rows, out), Wᵀ packed on the first call only
 * }
 * }</pre>
 */
public final class FusedLinearInference {
    /** The packed copy of {@code weight}ᵀ at storage version {@code version}. */
    private record Packed(Tensor weight, Storage storage, int version, float[] wt) {
        boolean matches(Tensor w) {
            Storage s = TensorInternals.storage(w);
            return weight == w && storage == s && version == s.version();
        }
    }

    private volatile Packed cache;

    /** A layer kernel with no copy yet. */
    public FusedLinearInference() {
    }

    /**
     * y = x·Wᵀ + b, the same result (and errors) as {@link Layers#linear}.
     *
     * @param input (…, in)
     * @param weight (out, in)
     * @param bias (out), or null
     * @return (…, out)
     */
    public Tensor forward(Tensor input, Tensor weight, Tensor bias) {
        boolean recordsGraph = Engine.needsGrad(input, weight, bias);
        if (recordsGraph && cache != null) {
            cache = null;
        }
        if (recordsGraph || input.dim() != 2 || weight.dim() != 2
                || input.size(1) != weight.size(1) || (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0)))
                || !FusedLinear.applies(input, weight, bias)) {
            return Layers.linear(input, weight, bias);
        }
        Tensor y = FusedLinear.forwardPrepacked(input, packed(weight), bias, weight.size(0));
        Tracing.record("linear", y, input, weight, bias);
        return y;
    }

    /** {@return Wᵀ packed for the backend's GEMM, packed again when the weight or its version changed} */
    private float[] packed(Tensor w) {
        Packed c = cache;
        if (c != null && c.matches(w)) {
            return c.wt;
        }
        Storage s = TensorInternals.storage(w);
        int version = s.version(); // read before packing: a write during the packing makes the next call pack again
        float[] wt = w.device().backend().prepackGemmB(w.size(1), w.size(0), TensorInternals.floats(w), w.offset(),
                w.strides()[1], w.strides()[0]);
        cache = new Packed(w, s, version, wt);
        return wt;
    }
}
