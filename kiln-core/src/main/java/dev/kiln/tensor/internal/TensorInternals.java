package dev.kiln.tensor.internal;

import dev.kiln.autograd.Node;
import dev.kiln.autograd.internal.AutogradMeta;
import dev.kiln.tensor.Tensor;

/**
 * The library's own access to a {@link Tensor}'s engine state: its storage and backing array, raw
 * construction over a storage, and its {@link AutogradMeta}. Kernels, ops and the autograd engine
 * use it; users never need it, and the package is not exported by the {@code dev.kiln.core} module
 * (the "shared secrets" pattern of the JDK: {@code Tensor} hands its one {@link Access} over when
 * it is initialised, so that none of this is a public method of {@code Tensor}).
 *
 * <p>The backing arrays come without a copy and without bumping the version counter: a kernel that
 * writes into an existing tensor's array bumps it itself (see {@link Storage#bumpVersion()}).
 * Users read a tensor through {@link Tensor#toFloatArray()} and its siblings.
 */
public final class TensorInternals {
    /** What {@code Tensor} grants; implemented once, by a private class of {@code Tensor}. */
    public interface Access {
        /** A tensor over {@code storage} with an explicit layout; the arrays are taken over. */
        Tensor wrap(Storage storage, int[] shape, int[] strides, int offset);

        /** A view of {@code t}'s storage with another layout (its base is {@code t}'s base or {@code t}). */
        Tensor viewOf(Tensor t, int[] shape, int[] strides, int offset);

        /** The storage of {@code t}. */
        Storage storage(Tensor t);

        /** The autograd state of {@code t}: created when {@code create}, else null when it has none yet. */
        AutogradMeta autograd(Tensor t, boolean create);
    }

    /** Set once, by {@code Tensor}'s static initialiser. */
    private static Access access;

    private TensorInternals() {
    }

    /** Called once by {@code Tensor}'s static initialiser; a second call is refused. */
    public static synchronized void grant(Access a) {
        if (access != null) {
            throw new IllegalStateException("TensorInternals: access was already granted");
        }
        access = a;
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try {
                // a static factory called before any Tensor existed: initialise Tensor, which grants access
                Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }

    // ------------------------------------------------------------------ construction

    /** A tensor over {@code storage} with an explicit layout (no copy; the arrays are taken over). */
    public static Tensor wrap(Storage storage, int[] shape, int[] strides, int offset) {
        return access().wrap(storage, shape, strides, offset);
    }

    /** A contiguous tensor over {@code storage} with the given shape (no copy). */
    public static Tensor wrap(Storage storage, int... shape) {
        if (dev.kiln.tensor.Shape.numel(shape) > storage.length()) {
            throw new IllegalArgumentException("wrap: shape " + dev.kiln.tensor.Shape.str(shape) + " needs "
                    + dev.kiln.tensor.Shape.numel(shape) + " elements but the storage has " + storage.length());
        }
        return access().wrap(storage, shape.clone(), dev.kiln.tensor.Shape.contiguousStrides(shape), 0);
    }

    /** A view of {@code t}'s storage with another layout; autograd is the caller's business. */
    public static Tensor viewOf(Tensor t, int[] shape, int[] strides, int offset) {
        return access().viewOf(t, shape, strides, offset);
    }

    // ------------------------------------------------------------------ storage

    /** The storage of {@code t} (shared by its views). */
    public static Storage storage(Tensor t) {
        return access().storage(t);
    }

    /** The float32 backing array of {@code t}; contiguous data lies at offset() … offset()+numel()-1. */
    public static float[] floats(Tensor t) {
        requireType(t, "float data", dev.kiln.tensor.DType.FLOAT32);
        return storage(t).floats();
    }

    /** The float64 backing array of {@code t}. */
    public static double[] doubles(Tensor t) {
        requireType(t, "double data", dev.kiln.tensor.DType.FLOAT64);
        return storage(t).doubles();
    }

    private static void requireType(Tensor t, String what, dev.kiln.tensor.DType expected) {
        if (t.dtype() != expected) {
            throw new IllegalArgumentException(what + ": expected a " + expected + " tensor, got " + t.dtype());
        }
    }

    // ------------------------------------------------------------------ shape

    /**
     * {@return true when {@code t} has exactly {@code shape}} Unlike {@code Shape.same(t.shape(), shape)} it copies
     * no shape: the engine and the ops compare shapes on every call.
     *
     * @param t a tensor
     * @param shape the expected shape
     */
    public static boolean hasShape(Tensor t, int[] shape) {
        if (t.dim() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (t.size(i) != shape[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return true when {@code a} and {@code b} have the same shape} (Copies neither shape.)
     *
     * @param a a tensor
     * @param b another tensor
     */
    public static boolean sameShape(Tensor a, Tensor b) {
        int d = a.dim();
        if (b.dim() != d) {
            return false;
        }
        for (int i = 0; i < d; i++) {
            if (a.size(i) != b.size(i)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ autograd state

    /** The autograd state of {@code t}, created on first use. */
    public static AutogradMeta autograd(Tensor t) {
        return access().autograd(t, true);
    }

    /** The node gradients flow into: {@code t}'s grad_fn, its leaf accumulator, or null. */
    public static Node gradEdge(Tensor t) {
        AutogradMeta m = access().autograd(t, false);
        return m == null ? null : m.gradEdge();
    }

    /** Records {@code node} as the grad_fn of {@code t}; ops do it through {@code Engine.record}. */
    public static void setGradFn(Tensor t, Node node) {
        autograd(t).setGradFn(node);
    }

    /** Adds {@code g} to leaf {@code t}'s gradient (the engine's {@code AccumulateGrad} does it). */
    public static void accumulateGrad(Tensor t, Tensor g) {
        autograd(t).accumulateGrad(g);
    }

    /** See {@link AutogradMeta#markExclusiveGrad()}. Returns {@code t}. */
    public static Tensor markExclusiveGrad(Tensor t) {
        autograd(t).markExclusiveGrad();
        return t;
    }

    /** See {@link AutogradMeta#isExclusiveGrad()}. */
    public static boolean isExclusiveGrad(Tensor t) {
        AutogradMeta m = access().autograd(t, false);
        return m != null && m.isExclusiveGrad();
    }

    /** Clears the mark of {@link #markExclusiveGrad}. Returns {@code t}. */
    public static Tensor clearExclusiveGrad(Tensor t) {
        AutogradMeta m = access().autograd(t, false);
        if (m != null) {
            m.clearExclusiveGrad();
        }
        return t;
    }

    /** See {@link AutogradMeta#markFreshOutput()}. Returns {@code t}. */
    public static Tensor markFreshOutput(Tensor t) {
        autograd(t).markFreshOutput();
        return t;
    }

    /** True (once) when {@code t} was marked by {@link #markFreshOutput}; clears the mark. */
    public static boolean takeFreshOutput(Tensor t) {
        AutogradMeta m = access().autograd(t, false);
        return m != null && m.takeFreshOutput();
    }
}
