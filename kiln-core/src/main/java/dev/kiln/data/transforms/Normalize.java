package dev.kiln.data.transforms;

import dev.kiln.tensor.Tensor;

/** Per-channel image normalisation x'[c] = (x[c] − mean[c]) / std[c] for a C×H×W tensor. */
public final class Normalize implements InvertibleTransform {
    private final Tensor mean;
    private final Tensor std;

    /**
     * Means and standard deviations per channel.
     *
     * @param mean the per-channel mean subtracted
     * @param std the per-channel standard deviation divided by
     */
    public Normalize(float[] mean, float[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("Normalize: mean and std need one value per channel, got " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("Normalize: std values must be positive, got " + s);
            }
        }
        this.mean = Tensor.fromArray(mean, mean.length, 1, 1);
        this.std = Tensor.fromArray(std, std.length, 1, 1);
    }

    @Override
    public Tensor apply(Tensor input) {
        checkImage("Normalize", input);
        return input.sub(mean).div(std);
    }

    /** x[c] = x'[c]·std[c] + mean[c] (undoes the normalisation, e.g. to display an image). */
    @Override
    public Tensor inverse(Tensor transformed) {
        checkImage("Normalize.inverse", transformed);
        return transformed.mul(std).add(mean);
    }

    private void checkImage(String op, Tensor image) {
        if (image.dim() != 3 || image.size(0) != mean.size(0)) {
            throw new IllegalArgumentException(op + ": expected a " + mean.size(0) + "xHxW image, got "
                    + java.util.Arrays.toString(image.shape()));
        }
    }
}
