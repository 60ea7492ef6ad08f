package dev.kiln.data.transforms;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * Pads a C×H×W image with zeros by {@code padding} on every side, then crops a random
 * {@code size}×{@code size} window (data augmentation), drawing positions from a seeded generator.
 */
public final class RandomCrop implements Transform {
    private final int size;
    private final int padding;
    private final Generator generator;

    /**
     * A crop of {@code size} after zero padding of {@code padding}.
     *
     * @param size the side of the square crop
     * @param padding zero padding added on each side before cropping
     * @param generator draws the crop positions (seeded for reproducible augmentation)
     */
    public RandomCrop(int size, int padding, Generator generator) {
        if (size < 1 || padding < 0) {
            throw new IllegalArgumentException("RandomCrop: size must be positive and padding non-negative, got " + size + ", " + padding);
        }
        this.size = size;
        this.padding = padding;
        this.generator = generator;
    }

    @Override
    public Tensor apply(Tensor input) {
        if (input.dim() != 3) {
            throw new IllegalArgumentException("RandomCrop: expected a CxHxW image, got " + java.util.Arrays.toString(input.shape()));
        }
        int c = input.size(0);
        int h = input.size(1);
        int w = input.size(2);
        int ph = h + 2 * padding;
        int pw = w + 2 * padding;
        if (size > ph || size > pw) {
            throw new IllegalArgumentException("RandomCrop: crop " + size + " is larger than the padded image " + ph + "x" + pw);
        }
        int top;
        int left;
        synchronized (generator) {
            top = (int) generator.nextLong(ph - size + 1);
            left = (int) generator.nextLong(pw - size + 1);
        }
        float[] src = input.contiguous().toFloatArray();
        float[] dst = new float[c * size * size];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < size; i++) {
                int y = top + i - padding;
                if (y < 0 || y >= h) {
                    continue;
                }
                for (int j = 0; j < size; j++) {
                    int x = left + j - padding;
                    if (x >= 0 && x < w) {
                        dst[(ch * size + i) * size + j] = src[(ch * h + y) * w + x];
                    }
                }
            }
        }
        return Tensor.fromArray(dst, c, size, size);
    }
}
