package dev.kiln.data;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/** Copies selected rows (first-dimension slices) of a contiguous tensor into a new tensor. */
final class Rows {
    private Rows() {
    }

    /** {@code t[indices]} along dimension 0, for a contiguous {@code t}. */
    static Tensor gather(Tensor t, int[] indices) {
        Tensor c = t.contiguous();
        int[] shape = c.shape();
        int rowSize = shape.length == 1 ? 1 : Shape.numel(shape) / Math.max(shape[0], 1);
        shape[0] = indices.length;
        int off = c.offset();
        int n = c.size(0);
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("batch: sample index " + i + " is out of range for " + n + " samples");
            }
        }
        Storage s = switch (c.dtype()) {
            case FLOAT32 -> {
                float[] src = c.floatData();
                float[] dst = new float[indices.length * rowSize];
                for (int r = 0; r < indices.length; r++) {
                    System.arraycopy(src, off + indices[r] * rowSize, dst, r * rowSize, rowSize);
                }
                yield Storage.wrap(dst);
            }
            case FLOAT64 -> {
                double[] src = c.doubleData();
                double[] dst = new double[indices.length * rowSize];
                for (int r = 0; r < indices.length; r++) {
                    System.arraycopy(src, off + indices[r] * rowSize, dst, r * rowSize, rowSize);
                }
                yield Storage.wrap(dst);
            }
            case INT64 -> {
                long[] src = c.longData();
                long[] dst = new long[indices.length * rowSize];
                for (int r = 0; r < indices.length; r++) {
                    System.arraycopy(src, off + indices[r] * rowSize, dst, r * rowSize, rowSize);
                }
                yield Storage.wrap(dst);
            }
            case BOOL -> {
                boolean[] src = c.booleanData();
                boolean[] dst = new boolean[indices.length * rowSize];
                for (int r = 0; r < indices.length; r++) {
                    System.arraycopy(src, off + indices[r] * rowSize, dst, r * rowSize, rowSize);
                }
                yield Storage.wrap(dst);
            }
        };
        return Tensor.wrap(s, shape);
    }
}
