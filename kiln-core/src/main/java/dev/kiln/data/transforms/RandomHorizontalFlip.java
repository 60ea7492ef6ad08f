package dev.kiln.data.transforms;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/** Mirrors a C×H×W image left–right with probability p, drawn from a seeded generator. */
public final class RandomHorizontalFlip implements Transform {
    private final double p;
    private final Generator generator;

    /**
     * Flips with probability {@code p}.
     *
     * @param p the probability of flipping an image
     * @param generator draws the flips (seeded for reproducible augmentation)
     */
    public RandomHorizontalFlip(double p, Generator generator) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor apply(Tensor input) {
        boolean flip;
        synchronized (generator) {
            flip = generator.nextDouble() < p;
        }
        if (!flip) {
            return input;
        }
        int w = input.size(-1);
        float[] src = input.contiguous().toFloatArray();
        float[] dst = new float[src.length];
        for (int row = 0; row < src.length / w; row++) {
            for (int j = 0; j < w; j++) {
                dst[row * w + j] = src[row * w + (w - 1 - j)];
            }
        }
        return Tensor.fromArray(dst, input.shape());
    }
}
