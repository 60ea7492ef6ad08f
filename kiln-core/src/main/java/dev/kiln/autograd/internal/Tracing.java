package dev.kiln.autograd.internal;

import dev.kiln.autograd.Trace;
import dev.kiln.autograd.TracedOp;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The ops' side of {@link Trace}: each operation reports itself here after it has computed its
 * result, and the report lands in the trace open on the current thread, if any (the names and
 * attributes are listed on {@link Trace}). Users open a {@code Trace} and read its ops; only the
 * library's ops record.
 */
public final class Tracing {
    /** The open trace's list of ops on this thread; unset outside a trace. */
    private static final ThreadLocal<List<TracedOp>> SINK = new ThreadLocal<>();

    private Tracing() {
    }

    /**
     * Starts sending this thread's ops to {@code sink} (called by {@link Trace#start()}).
     *
     * @param sink the list the ops are appended to, in execution order
     * @return false, and nothing changes, when a trace is already open on this thread
     */
    public static boolean open(List<TracedOp> sink) {
        if (SINK.get() != null) {
            return false;
        }
        SINK.set(sink);
        return true;
    }

    /** Stops recording on this thread (called by {@link Trace#close()}). */
    public static void close() {
        SINK.remove();
    }

    /**
     * {@return true while a trace is open on the current thread (an operation may skip building its attributes otherwise)}
     */
    public static boolean isRecording() {
        return SINK.get() != null;
    }

    /**
     * Records an operation without attributes; does nothing outside a trace or when it returned an input.
     *
     * @param name the op's name, one of those listed on {@link Trace}
     * @param output the op's result
     * @param inputs the op's tensor inputs, in order
     */
    public static void record(String name, Tensor output, Tensor... inputs) {
        List<TracedOp> sink = SINK.get();
        if (sink != null) {
            add(sink, name, output, Map.of(), inputs);
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
        List<TracedOp> sink = SINK.get();
        if (sink != null) {
            add(sink, name, output, attributes, inputs);
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
