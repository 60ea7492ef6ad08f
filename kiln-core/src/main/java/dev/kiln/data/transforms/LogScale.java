package dev.kiln.data.transforms;

import dev.kiln.tensor.Tensor;

/** Non-linear scaling x' = log(1 + x) for heavy-tailed non-negative features. */
public final class LogScale implements InvertibleTransform {
    /** The transform; it has no parameters. */
    public LogScale() {
    }

    @Override
    public Tensor apply(Tensor input) {
        return input.log1p();
    }

    /** x = e^(x') − 1. */
    @Override
    public Tensor inverse(Tensor transformed) {
        return transformed.expm1();
    }
}
