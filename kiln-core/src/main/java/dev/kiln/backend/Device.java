package dev.kiln.backend;

import dev.kiln.backend.cpu.CpuBackend;

/**
 * Where a tensor's storage lives, and so which {@link Backend} computes on it. Every storage is on
 * the CPU today (Java arrays on the heap); a GPU backend would add a constant here with its own
 * backend, and the ops that find their backend through {@code tensor.device().backend()} would
 * dispatch to it without a change in nn, optim or train.
 */
public enum Device {
    /** The Java heap, computed on by {@link CpuBackend}. */
    CPU;

    /**
     * {@return the backend that computes on storage of this device}
     */
    public Backend backend() {
        return switch (this) {
            case CPU -> CpuBackend.INSTANCE;
        };
    }
}
