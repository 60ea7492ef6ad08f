package dev.kiln.autograd;

import dev.kiln.autograd.internal.Tracing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A scoped record of the tensor operations that code runs on the current thread: the hook that
 * exporters (ONNX in {@code kiln-onnx}) use to turn one forward pass into a graph. Model code never
 * needs it.
 *
 * <pre>{@code
 * try (Trace trace = Trace.start()) {
 *     Tensor y = model.forward(x);
 *     List<TracedOp> ops = trace.ops();   // in execution order; y is the output of one of them
 * }
 * }</pre>
 *
 * <p>While a trace is open, each operation of the library reports itself after it has computed
 * its result (through the internal {@code Tracing.record}; outside a trace that returns at once).
 * A composite operation (a layer norm built from means and products, say) records itself after its parts have, with the
 * same output tensor: a reader keeps the last operation that produced a tensor, so the composite
 * replaces its parts, which then produce nothing the graph uses. An operation that returns its
 * input unchanged records nothing.
 *
 * <p>The recorded operations, with their attributes ({@link TracedOp}):
 * <ul>
 *   <li>element-wise: {@code add} (alpha: a + alpha·b), {@code mul}, {@code div}, {@code pow},
 *       {@code maximum}, {@code minimum}; {@code affine} (scale, shift: x·scale + shift);
 *       {@code pow_scalar} (exponent); {@code clamp} (min, max, ±∞ when absent); the unary
 *       functions by their lower-case {@code UnaryFunction} name ({@code exp}, {@code relu}, …);
 *       {@code gt}, {@code ge}, {@code lt}, {@code le}, {@code eq}, {@code ne} of two tensors or of
 *       a tensor and a {@code value}; {@code where} (condition, x, y); {@code cast} (dtype);
 *       {@code identity} (a copy, a detached view, or a tensor that an in-place operation
 *       overwrote with a recorded result).</li>
 *   <li>activations, by snake-case name: {@code sigmoid}, {@code tanh}, {@code relu},
 *       {@code gelu}, {@code gelu_tanh}, {@code silu}, {@code mish}, {@code selu}, {@code softsign},
 *       {@code hardsigmoid}, {@code hardswish}, {@code log_sigmoid}, {@code tanhshrink},
 *       {@code logit}; with parameters {@code hardtanh} (min, max), {@code leaky_relu} (slope),
 *       {@code elu}/{@code celu} (alpha), {@code softplus} (beta, threshold),
 *       {@code hardshrink}/{@code softshrink} (lambda), {@code threshold} (threshold, value);
 *       {@code prelu} (x, weight), {@code crelu}, {@code maxout} (pool, dim);
 *       {@code softmax}/{@code log_softmax} (dim).</li>
 *   <li>shape: {@code reshape} (shape: the output's), {@code flatten} (start, end),
 *       {@code transpose} (dim0, dim1), {@code permute} (dims), {@code expand} (shape),
 *       {@code slice} (dim, start, length, step), {@code select} (dim, index),
 *       {@code index_select} (x, index; dim), {@code cat} and
 *       {@code stack} (dim), {@code pad} (pad, mode, value).</li>
 *   <li>reductions: {@code sum}, {@code mean}, {@code amax}, {@code amin} (dims, keepdim);
 *       {@code argmax}, {@code argmin} along one dimension (dim, keepdim).</li>
 *   <li>layers: {@code matmul}; {@code linear} (x, weight, bias); {@code conv} and
 *       {@code conv_transpose} (x, weight, bias; stride, pads, dilation, groups, and
 *       output_padding), per spatial dimension with pads as all begins then all ends;
 *       {@code max_pool} and {@code avg_pool} (kernel, stride, pads, dilation, ceil_mode, and
 *       count_include_pad, divisor_override); {@code adaptive_avg_pool} and
 *       {@code adaptive_max_pool} (output_size); {@code batch_norm} in evaluation (x, mean, var,
 *       weight, bias; eps); {@code layer_norm} (x, weight, bias; shape, eps); {@code group_norm}
 *       (groups, eps); {@code instance_norm} with input statistics (eps);
 *       {@code local_response_norm} (size, alpha, beta, k); {@code embedding} (indices, weight).</li>
 * </ul>
 * An operation not in this list records nothing; a reader finds its output unaccounted for.
 *
 * <p>The open trace is the only state: one per thread, held from {@link #start()} to
 * {@link #close()}.
 */
public final class Trace implements AutoCloseable {
    private final List<TracedOp> ops = new ArrayList<>();
    private boolean closed;

    private Trace() {
    }

    /**
     * Opens a trace on the current thread; throws if one is already open here.
     *
     * @return the open trace; close it to stop recording
     */
    public static Trace start() {
        Trace t = new Trace();
        if (!Tracing.open(t.ops)) {
            throw new IllegalStateException("trace: a trace is already open on this thread");
        }
        return t;
    }

    /**
     * {@return true while a trace is open on the current thread}
     */
    public static boolean isRecording() {
        return Tracing.isRecording();
    }

    /**
     * {@return the operations recorded so far, in execution order}
     */
    public List<TracedOp> ops() {
        return Collections.unmodifiableList(ops);
    }

    /** Stops recording on this thread. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Tracing.close();
        }
    }
}
