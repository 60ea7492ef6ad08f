package dev.kiln.autograd.internal;

import dev.kiln.autograd.Trace;
import dev.kiln.autograd.TracedOp;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ops' side of {@link Trace}: each operation reports itself here after it has computed its
 * result, and the report lands in the list bound by the {@link Trace#record} running on the current
 * thread, if any (the names and attributes are listed on {@link Trace}). Only the library's ops record.
 */
public final class Tracing {
    /** The list of ops of the {@link Trace#record} running on this thread; unbound outside one. */
    private static final ScopedValue<List<TracedOp>> SINK = ScopedValue.newInstance();

    private Tracing() {
    }

    /**
     * Runs {@code body} with this thread's ops appended to {@code sink} (called by {@link Trace#record}).
     *
     * @param sink the list the ops are appended to, in execution order
     * @param body the traced computation
     * @param <R> its result's type
     * @return what {@code body} returned
     * @throws IllegalStateException when a trace already records on this thread
     */
    public static <R> R recordInto(List<TracedOp> sink, Supplier<R> body) {
        if (SINK.isBound()) {
            throw new IllegalStateException("trace: a trace already records on this thread (traces do not nest)");
        }
        return ScopedValue.where(SINK, sink).call(body::get);
    }

    /**
     * {@return true while a trace records on the current thread (an operation may skip building its attributes otherwise)}
     */
    public static boolean isRecording() {
        return SINK.isBound();
    }

    /**
     * Records an operation without attributes; does nothing outside a trace or when it returned an input.
     *
     * @param name the op's name, one of those listed on {@link Trace}
     * @param output the op's result
     * @param inputs the op's tensor inputs, in order
     */
    public static void record(String name, Tensor output, Tensor... inputs) {
        if (SINK.isBound()) {
            add(SINK.get(), name, output, Map.of(), inputs);
        }
    }

    /**
     * Records an operation with its attributes (values: Integer, Double, Boolean, String, int[]);
     * does nothing outside a trace or when it returned an input.
     *
     * @param name the op's name, one of those listed on {@link Trace}
     * @param output the op's result
     * @param attributes the op's attributes by name
     * @param inputs the op's tensor inputs, in order
     */
    public static void record(String name, Tensor output, Map<String, ?> attributes, Tensor... inputs) {
        if (SINK.isBound()) {
            add(SINK.get(), name, output, attributes, inputs);
        }
    }

    private static void add(List<TracedOp> sink, String name, Tensor output, Map<String, ?> attributes, Tensor[] inputs) {
        for (Tensor in : inputs) {
            if (in == output) {
                return;
            }
        }
        sink.add(new TracedOp(name, Collections.unmodifiableList(Arrays.asList(inputs.clone())), Map.copyOf(attributes), output));
    }
}
