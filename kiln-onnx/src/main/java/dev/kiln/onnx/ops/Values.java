package dev.kiln.onnx.ops;

import dev.kiln.onnx.OnnxFormatException;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;

/** Helpers shared by the operators: reading small integer tensors (shapes, axes) and axis arithmetic. */
final class Values {
    private Values() {
    }

    /** The elements of an integer (or integral float) tensor as {@code long}s. */
    static long[] longs(Tensor t, OnnxNode node, String what) {
        if (t == null) {
            throw node.error("input '" + what + "' is required");
        }
        if (t.dtype() == DType.INT64) {
            return t.toLongArray();
        }
        if (t.dtype() == DType.BOOL) {
            throw node.error("input '" + what + "' should be an integer tensor, got bool");
        }
        double[] d = t.toDoubleArray();
        long[] r = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = (long) d[i];
        }
        return r;
    }

    /** The elements of an integer tensor as {@code int}s, refusing values out of the int range. */
    static int[] ints(Tensor t, OnnxNode node, String what) {
        long[] v = longs(t, node, what);
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = clampToInt(v[i]);
        }
        return r;
    }

    /** Clamps {@code v} into the int range (ONNX uses ±2^63−1 for "to the end"). */
    static int clampToInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** The single value of a one-element tensor. */
    static double scalar(Tensor t, OnnxNode node, String what) {
        if (t == null) {
            throw node.error("input '" + what + "' is required");
        }
        if (t.numel() != 1) {
            throw node.error("input '" + what + "' should hold one value, got shape " + java.util.Arrays.toString(t.shape()));
        }
        return t.reshape().item();
    }

    /** {@code axis} in [−rank, rank) made non-negative. */
    static int axis(long axis, int rank, OnnxNode node) {
        if (axis < -rank || axis >= rank) {
            throw new OnnxFormatException(node.describe() + ": axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** Each axis made non-negative. */
    static int[] axes(long[] axes, int rank, OnnxNode node) {
        int[] r = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            r[i] = axis(axes[i], rank, node);
        }
        return r;
    }

    /** The product of {@code shape[from..to)}. */
    static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }
}
