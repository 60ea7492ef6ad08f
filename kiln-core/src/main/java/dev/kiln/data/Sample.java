package dev.kiln.data;

import dev.kiln.tensor.Tensor;

/**
 * One example of a data set: its input features and its target (a class index or a value).
 *
 * @param input the input features
 * @param target the class index (int64 scalar) or target value
 */
public record Sample(Tensor input, Tensor target) {
}
