package dev.kiln.nn.functional;

import dev.kiln.autograd.internal.Tracing;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/** Activations that change the shape: GLU, CReLU and Maxout. */
public final class GatedActivations {
    private GatedActivations() {
    }

    /**
     * {@return gated linear unit: split x in halves (a, b) along {@code dim}; the output is a·σ(b), half
     * as large along {@code dim}}
     *
     * @param x the input; its size along {@code dim} is even (glu) or a multiple of {@code poolSize} (maxout)
     * @param dim the dimension split in two halves (glu) or pooled (maxout); negative counts from the end
     */
    public static Tensor glu(Tensor x, int dim) {
        int d = Shape.wrapDim("glu", dim, x.dim());
        int n = x.size(d);
        if (n % 2 != 0) {
            throw new IllegalArgumentException("glu: dimension " + dim + " of input " + Shape.str(x.shape())
                    + " has odd size " + n + "; expected an even size to split in halves");
        }
        Tensor a = x.narrow(d, 0, n / 2);
        Tensor b = x.narrow(d, n / 2, n / 2);
        return a.mul(b.sigmoid());
    }

    /**
     * {@return GLU along the last dimension}
     *
     * @param x the input; its size along {@code dim} is even (glu) or a multiple of {@code poolSize} (maxout)
     */
    public static Tensor glu(Tensor x) {
        return glu(x, -1);
    }

    /**
     * {@return concatenated ReLU: cat([relu(x), relu(−x)], dim 1), so (N, C, …) gives (N, 2C, …) (a 1-D
     * input (C) gives (2C))} At x = 0 both halves have derivative 0.
     *
     * @param x the input; its size along {@code dim} is even (glu) or a multiple of {@code poolSize} (maxout)
     */
    public static Tensor crelu(Tensor x) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException("crelu: expected an input with at least 1 dimension, got a scalar");
        }
        Tensor in = Pointwise.floating(x);
        return Tensor.cat(in.dim() == 1 ? 0 : 1, in.relu(), in.neg().relu());
    }

    /**
     * {@return maxout: groups of {@code poolSize} consecutive features along {@code dim} are reduced to
     * their maximum, so (N, C·k) gives (N, C)} The gradient goes to the arg-max (the first one
     * on ties).
     *
     * @param x the input; its size along {@code dim} is even (glu) or a multiple of {@code poolSize} (maxout)
     * @param poolSize the number of consecutive channels each output takes the maximum of (divides the size along {@code dim})
     * @param dim the dimension split in two halves (glu) or pooled (maxout); negative counts from the end
     */
    public static Tensor maxout(Tensor x, int poolSize, int dim) {
        int d = Shape.wrapDim("maxout", dim, x.dim());
        int n = x.size(d);
        if (poolSize < 1 || n % poolSize != 0) {
            throw new IllegalArgumentException("maxout: dimension " + dim + " of input " + Shape.str(x.shape())
                    + " (size " + n + ") is not divisible by pool_size " + poolSize);
        }
        Tensor out = Pooling.maxOverGroups(Pointwise.floating(x), d, poolSize);
        if (Tracing.isRecording()) {
            Tracing.record("maxout", out, Map.of("pool", poolSize, "dim", d), x);
        }
        return out;
    }

    /**
     * {@return maxout over dimension 1}
     *
     * @param x the input; its size along {@code dim} is even (glu) or a multiple of {@code poolSize} (maxout)
     * @param poolSize the number of consecutive channels each output takes the maximum of (divides the size along {@code dim})
     */
    public static Tensor maxout(Tensor x, int poolSize) {
        return maxout(x, poolSize, 1);
    }
}
