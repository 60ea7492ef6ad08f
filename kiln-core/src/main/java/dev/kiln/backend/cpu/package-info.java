/**
 * Library-internal (not exported): the CPU kernels — GEMM, convolution lowering, pooling, strided
 * copies — written with the Vector API, and the fork-join pool they split work over.
 */
package dev.kiln.backend.cpu;
