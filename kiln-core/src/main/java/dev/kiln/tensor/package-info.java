/**
 * Tensors: {@link dev.kiln.tensor.Tensor} (an n-dimensional array with PyTorch semantics — shape,
 * strides, views, broadcasting, in-place ops with a version counter — and the entry point of every
 * op), its element types ({@link dev.kiln.tensor.DType}), shapes ({@link dev.kiln.tensor.Shape}),
 * seeded random numbers ({@link dev.kiln.tensor.Generator}, {@link dev.kiln.tensor.Kiln#manualSeed})
 * and printing.
 */
package dev.kiln.tensor;
