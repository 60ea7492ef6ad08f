package dev.kiln.data.transforms;

import dev.kiln.tensor.Tensor;

/** Non-linear scaling x' = log(1 + x) for heavy-tailed non-negative features. */
public final class LogScale implements Transform {
    @Override
    public Tensor apply(Tensor input) {
        return input.log1p();
    }
}
