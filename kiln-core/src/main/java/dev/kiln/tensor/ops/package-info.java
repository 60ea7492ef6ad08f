/**
 * Library-internal (not exported): the implementations behind {@link dev.kiln.tensor.Tensor}'s
 * methods, each with its backward next to its forward (element-wise, reductions, views, indexing,
 * joins, matrix products, sorting, casts, factories). Users call them through {@code Tensor}.
 */
package dev.kiln.tensor.ops;
