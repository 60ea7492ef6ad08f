package dev.kiln.data.transforms;

import dev.kiln.tensor.Tensor;

/**
 * A transform with an inverse, so that model outputs in the transformed space (a standardised
 * regression target, say) can be mapped back: {@code inverse(apply(x)) = x} up to rounding.
 */
public interface InvertibleTransform extends Transform {
    /**
     * Maps a transformed sample back to the original space.
     *
     * @param transformed an output of {@code apply}
     * @return the input that gives it
     */
    Tensor inverse(Tensor transformed);
}
