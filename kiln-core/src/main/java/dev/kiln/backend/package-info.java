/**
 * The backend boundary: {@link dev.kiln.backend.Device} (where a tensor lives; CPU today) and
 * {@link dev.kiln.backend.Backend}, the primitives every op, layer and optimiser computes with.
 * {@link dev.kiln.backend.ReferenceBackend} is the plain-loop oracle (and the float64 path); the
 * Vector API kernels of {@code CpuBackend} live in the non-exported {@code dev.kiln.backend.cpu}.
 * Exported so that {@code Tensor.device()} is usable from a module and a new device can implement
 * the boundary; see docs/architecture.md.
 */
package dev.kiln.backend;
