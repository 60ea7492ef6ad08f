package dev.kiln.tensor;

/**
 * The result of max/min along a dim, topk and sort: the values and their int64 indices.
 *
 * @param values the values selected: the maxima or minima, the top k, or the sorted elements
 * @param indices the int64 index of each value along the dimension
 */
public record ValuesIndices(Tensor values, Tensor indices) {
}
