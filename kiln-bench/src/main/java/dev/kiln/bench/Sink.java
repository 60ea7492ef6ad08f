package dev.kiln.bench;

import dev.kiln.tensor.Tensor;

/** Keeps benchmark results reachable so that the JIT cannot drop the work that produced them. */
final class Sink {
    static volatile Tensor last;

    private Sink() {
    }

    static void consume(Tensor t) {
        last = t;
    }
}
