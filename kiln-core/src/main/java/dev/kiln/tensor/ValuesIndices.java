package dev.kiln.tensor;

/** The result of max/min along a dim, topk and sort: the values and their int64 indices. */
public record ValuesIndices(Tensor values, Tensor indices) {
}
