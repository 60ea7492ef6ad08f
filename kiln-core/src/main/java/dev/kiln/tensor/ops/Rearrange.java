package dev.kiln.tensor.ops;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.List;

/**
 * Ops that move or mask elements without arithmetic — {@code flip}, {@code roll}, {@code repeat},
 * {@code tril}, {@code triu} — composed from differentiable primitives (index_select, narrow + cat,
 * expand + reshape, where), so their gradients come from those.
 *
 * <pre>{@code
 * x.flip(1); x.roll(2, 0); x.repeat(2, 1); scores.triu(1);
 * }</pre>
 */
public final class Rearrange {
    private Rearrange() {
    }

    /** The elements in reverse order along each of {@code dims}: {@code y[…, i, …] = x[…, n−1−i, …]}. */
    public static Tensor flip(Tensor x, int... dims) {
        Tensor y = x;
        boolean[] seen = new boolean[Math.max(x.dim(), 1)];
        for (int dim : dims) {
            int d = Shape.wrapDim("flip", dim, x.dim());
            if (seen[d]) {
                throw new IllegalArgumentException("flip: dim " + d + " appears more than once in the dims");
            }
            seen[d] = true;
            int n = x.size(d);
            long[] index = new long[n];
            for (int i = 0; i < n; i++) {
                index[i] = n - 1 - i;
            }
            y = y.indexSelect(d, TensorInternals.wrap(Storage.wrap(index), n));
        }
        return y;
    }

    /**
     * The elements shifted by {@code shift} along {@code dim}, wrapping around:
     * {@code y[…, (i + shift) mod n, …] = x[…, i, …]} (a negative shift moves them the other way).
     */
    public static Tensor roll(Tensor x, int shift, int dim) {
        int d = Shape.wrapDim("roll", dim, x.dim());
        int n = x.size(d);
        if (n == 0) {
            return x.clone();
        }
        int s = Math.floorMod(shift, n);
        if (s == 0) {
            return x.clone();
        }
        return Tensor.cat(List.of(x.narrow(d, n - s, s), x.narrow(d, 0, n - s)), d);
    }

    /**
     * The tensor tiled {@code reps[i]} times along dim i, like {@code torch.Tensor.repeat}; with more
     * repetitions than dims, leading dims of size 1 are added first.
     */
    public static Tensor repeat(Tensor x, int... reps) {
        if (reps.length < x.dim()) {
            throw new IllegalArgumentException("repeat: " + reps.length + " repetition counts for a tensor of "
                    + x.dim() + " dims " + Shape.str(x.shape()) + " (need at least one per dim)");
        }
        for (int r : reps) {
            if (r < 0) {
                throw new IllegalArgumentException("repeat: repetition counts must be non-negative, got " + r);
            }
        }
        int lead = reps.length - x.dim();
        int[] padded = new int[reps.length];
        for (int i = 0; i < reps.length; i++) {
            padded[i] = i < lead ? 1 : x.size(i - lead);
        }
        // (s0, s1, …) -> (1, s0, 1, s1, …) -> expand to (r0, s0, r1, s1, …) -> (r0·s0, r1·s1, …)
        int[] interleaved = new int[2 * reps.length];
        int[] expanded = new int[2 * reps.length];
        int[] out = new int[reps.length];
        for (int i = 0; i < reps.length; i++) {
            interleaved[2 * i] = 1;
            interleaved[2 * i + 1] = padded[i];
            expanded[2 * i] = reps[i];
            expanded[2 * i + 1] = padded[i];
            out[i] = reps[i] * padded[i];
        }
        return x.reshape(interleaved).expand(expanded).contiguous().reshape(out);
    }

    /** The lower triangle of the last two dims: elements with {@code j − i > diagonal} set to zero. */
    public static Tensor tril(Tensor x, int diagonal) {
        return triangle("tril", x, diagonal, true);
    }

    /** The upper triangle of the last two dims: elements with {@code j − i < diagonal} set to zero. */
    public static Tensor triu(Tensor x, int diagonal) {
        return triangle("triu", x, diagonal, false);
    }

    private static Tensor triangle(String op, Tensor x, int diagonal, boolean lower) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": needs a tensor of at least 2 dims, got shape " + Shape.str(x.shape()));
        }
        int rows = x.size(x.dim() - 2);
        int cols = x.size(x.dim() - 1);
        boolean[] keep = new boolean[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                long offset = (long) j - i;
                keep[i * cols + j] = lower ? offset <= diagonal : offset >= diagonal;
            }
        }
        Tensor mask = TensorInternals.wrap(Storage.wrap(keep), rows, cols);
        return Tensor.where(mask, x, Tensor.zeros(x.dtype()));
    }
}
