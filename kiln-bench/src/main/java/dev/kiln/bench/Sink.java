package dev.kiln.bench;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;

/** Keeps benchmark results observable so that the JIT cannot drop the work that produced them. */
final class Sink {
    static volatile Tensor last;
    static volatile float value;

    private Sink() {
    }

    /** Keeps a reference to the result (small results). */
    static void consume(Tensor t) {
        last = t;
    }

    /**
     * Reads one element of a float result without keeping it reachable, so that a big result dies
     * young (as PyTorch frees it at once) instead of being copied by the next young collection.
     */
    static void touch(Tensor t) {
        value = TensorInternals.floats(t)[t.offset()];
    }
}
