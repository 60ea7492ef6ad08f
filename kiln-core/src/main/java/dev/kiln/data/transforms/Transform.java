package dev.kiln.data.transforms;

import dev.kiln.tensor.Tensor;

/** A function applied to each input sample (a feature vector or a C×H×W image). */
@FunctionalInterface
public interface Transform {
    /**
     * Transforms one sample.
     *
     * @param input a sample or a batch
     * @return the transformed tensor
     */
    Tensor apply(Tensor input);

    /**
     * This transform followed by {@code next}.
     *
     * @param next the transform applied to this one's output
     * @return the composition {@code x -> next.apply(apply(x))}
     */
    default Transform andThen(Transform next) {
        return x -> next.apply(apply(x));
    }
}
