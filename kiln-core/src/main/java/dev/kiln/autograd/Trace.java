package dev.kiln.autograd;

import dev.kiln.autograd.internal.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A scoped record of the tensor operations that code runs on the current thread: the hook that
 * exporters (ONNX in {@code kiln-onnx}) use to turn one forward pass into a graph. Model code never
 * needs it.
 *
 * <pre>{@code
 * Trace.Recording<Tensor> run = Trace.record(() -> model.forward(x));
 * List<TracedOp> ops = run.ops();   // in execution order; run.result() is the output of one of them
 * }</pre>
 *
 * <p>While {@link #record} runs, each operation of the library reports itself after it has computed
 * its result (through the internal {@code Tracing.record}; outside a recording that returns at once).
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
 * <p>The recorder is bound to the running thread for the extent of {@link #record} (a {@link ScopedValue}, as
 * the {@code Workspace} is): no static state, nothing to close, and work on other threads records nothing.
 */
public final class Trace {
    private Trace() {
    }

    /**
     * What one traced computation returned and the operations it ran.
     *
     * @param result what the computation returned
     * @param ops the operations recorded, in execution order (unmodifiable)
     * @param <R> the result's type
     */
    public record Recording<R>(R result, List<TracedOp> ops) {
        /** Keeps an unmodifiable copy of {@code ops}. */
        public Recording {
            ops = List.copyOf(ops);
        }
    }

    /**
     * Runs {@code body} on the current thread, recording the operations it runs.
     *
     * @param body the computation to trace, e.g. {@code () -> model.forward(x)}
     * @param <R> its result's type
     * @return its result and the operations it ran
     * @throws IllegalStateException when called inside another {@code record} on this thread (traces do not nest)
     */
    public static <R> Recording<R> record(Supplier<R> body) {
        List<TracedOp> ops = new ArrayList<>();
        R result = Tracing.recordInto(ops, body);
        return new Recording<>(result, ops);
    }

    /**
     * {@return true while {@link #record} runs on the current thread}
     */
    public static boolean isRecording() {
        return Tracing.isRecording();
    }
}
