package dev.kiln.data.transforms;

import dev.kiln.tensor.Tensor;

/** A function applied to each input sample (a feature vector or a C×H×W image). */
@FunctionalInterface
public interface Transform {
    /** Transforms one sample. */
    Tensor apply(Tensor input);

    /** This transform followed by {@code next}. */
    default Transform andThen(Transform next) {
        return x -> next.apply(apply(x));
    }
}
