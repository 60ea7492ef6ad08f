package dev.kiln.tensor.ops;

import static dev.kiln.autograd.internal.FormulaNode.inputs;
import static dev.kiln.autograd.internal.FormulaNode.saving;

import dev.kiln.autograd.Node;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.ReferenceBackend;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Arrays;

/**
 * Matrix products with PyTorch's rules: {@link #matmul} (1-D, 2-D and broadcast batched),
 * {@link #mm}, {@link #bmm}, {@link #dot} and {@link #outer}.
 *
 * <p>All of them reduce to one batched kernel, {@code C[..., i, j] = Σ_p A[..., i, p]·B[..., p, j]},
 * which reads its operands through their strides (a transposed or broadcast view is multiplied
 * without a copy) and calls the backend's {@code gemmBatched} (on the CPU the packed, vectorized,
 * multi-threaded SGEMM) for float32, {@link ReferenceBackend}'s float64 loops for float64. Its backward is itself made of matmuls,
 * {@code dA = dC·Bᵀ} and {@code dB = Aᵀ·dC}, so second derivatives work; gradients of broadcast
 * batch dimensions are summed back by the engine.
 */
public final class MatMul {
    private MatMul() {
    }

    /**
     * The matrix product with PyTorch's {@code torch.matmul} rules:
     * <ul>
     *   <li>1-D · 1-D: the dot product, a scalar;</li>
     *   <li>2-D · 2-D: the matrix product [m, k]·[k, n] → [m, n];</li>
     *   <li>a 1-D first argument [k] is treated as [1, k] and the 1 is removed from the result;</li>
     *   <li>a 1-D second argument [k] is treated as [k, 1] and the 1 is removed from the result;</li>
     *   <li>N-D: the last two dimensions are multiplied and the leading (batch) dimensions broadcast,
     *       e.g. [j, 1, m, k]·[l, k, n] → [j, l, m, n].</li>
     * </ul>
     *
     * @throws IllegalArgumentException when an argument is 0-D, the inner sizes differ, the batch
     *                                  dimensions do not broadcast, or the dtypes are not one float type
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        Tensor out = matmulUntraced(a, b);
        Tracing.record("matmul", out, a, b);
        return out;
    }

    private static Tensor matmulUntraced(Tensor a, Tensor b) {
        String op = "matmul";
        checkTypes(op, a, b);
        int da = a.dim();
        int db = b.dim();
        if (da == 0 || db == 0) {
            throw new IllegalArgumentException(op + ": both arguments need at least 1 dimension, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        int ka = a.size(-1);
        int kb = db == 1 ? b.size(0) : b.size(-2);
        if (ka != kb) {
            throw cannotMultiply(op, a, b);
        }
        if (da == 1 && db == 1) {
            return batched(op, a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (da == 1) {
            return batched(op, a.unsqueeze(0), b).squeeze(-2);
        }
        if (db == 1) {
            return batched(op, a, b.unsqueeze(1)).squeeze(-1);
        }
        if (da > 2 && db == 2) {
            // [..., m, k]·[k, n]: fold the batch into the rows, one large product (as PyTorch does).
            int[] as = a.shape();
            int[] outShape = Arrays.copyOf(as, da);
            outShape[da - 1] = b.size(1);
            return batched(op, a.reshape(-1, ka), b).reshape(outShape);
        }
        return batched(op, a, b);
    }

    /** Checks that {@code a} and {@code b} have one floating type and are both {@code rank}-D. */
    private static void checkOperands(String op, Tensor a, Tensor b, int rank) {
        checkTypes(op, a, b);
        if (a.dim() != rank || b.dim() != rank) {
            throw new IllegalArgumentException(op + ": expected two " + rank + "-D tensors, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
    }

    /**
     * The product of two matrices, [m, k]·[k, n] → [m, n] (no broadcasting).
     *
     * @throws IllegalArgumentException unless both are 2-D with matching inner sizes
     */
    public static Tensor mm(Tensor a, Tensor b) {
        checkOperands("mm", a, b, 2);
        checkInner("mm", a, 1, b, 0);
        return batched("mm", a, b);
    }

    /**
     * The batched matrix product [B, m, k]·[B, k, n] → [B, m, n] (no broadcasting).
     *
     * @throws IllegalArgumentException unless both are 3-D with equal batch and matching inner sizes
     */
    public static Tensor bmm(Tensor a, Tensor b) {
        checkOperands("bmm", a, b, 3);
        checkSame("bmm", "batch sizes", a, b);
        checkInner("bmm", a, 2, b, 1);
        return batched("bmm", a, b);
    }

    /**
     * The dot product of two 1-D tensors of equal length, Σ_i a[i]·b[i], as a 0-D tensor.
     *
     * @throws IllegalArgumentException unless both are 1-D of the same length
     */
    public static Tensor dot(Tensor a, Tensor b) {
        checkOperands("dot", a, b, 1);
        checkSame("dot", "lengths", a, b);
        return batched("dot", a.unsqueeze(0), b.unsqueeze(1)).reshape();
    }

    /**
     * The outer product of two 1-D tensors, out[i, j] = a[i]·b[j]: [m]⊗[n] → [m, n].
     *
     * @throws IllegalArgumentException unless both are 1-D
     */
    public static Tensor outer(Tensor a, Tensor b) {
        checkTypes("outer", a, b);
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: expected two 1-D tensors, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        return batched("outer", a.unsqueeze(1), b.unsqueeze(0));
    }

    /** Fails unless size {@code da} of a equals size {@code db} of b (the inner sizes of a product). */
    private static void checkInner(String op, Tensor a, int da, Tensor b, int db) {
        if (a.size(da) != b.size(db)) {
            throw cannotMultiply(op, a, b);
        }
    }

    /** Fails, saying that {@code what} (dimension 0 of each) differ, unless a and b have the same size 0. */
    private static void checkSame(String op, String what, Tensor a, Tensor b) {
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException(op + ": " + what + " differ in shapes " + Shape.str(a.shape()) + " and "
                    + Shape.str(b.shape()));
        }
    }

    private static IllegalArgumentException cannotMultiply(String op, Tensor a, Tensor b) {
        return new IllegalArgumentException(op + ": shapes " + Shape.str(a.shape()) + " and "
                + Shape.str(b.shape()) + " cannot be multiplied");
    }

    private static void checkTypes(String op, Tensor a, Tensor b) {
        DType ta = a.dtype();
        DType tb = b.dtype();
        if (ta != tb) {
            throw new IllegalArgumentException(op + ": both arguments must have the same dtype, got " + ta + " and " + tb
                    + " (shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape()) + "); convert one with to(DType)");
        }
        if (ta != DType.FLOAT32 && ta != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": " + ta + " tensors are not supported, only float32 and float64"
                    + " (shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape()) + ")");
        }
    }

    /**
     * The batched product of a [..., m, k] and b [..., k, n] (both at least 2-D, inner sizes
     * already checked) with broadcast batch dimensions, recording the backward.
     */
    static Tensor batched(String op, Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        int ra = as.length;
        int rb = bs.length;
        int m = as[ra - 2];
        int k = as[ra - 1];
        int n = bs[rb - 1];
        if (bs[rb - 2] != k) {
            throw cannotMultiply(op, a, b);
        }
        int[] batchA = Arrays.copyOf(as, ra - 2);
        int[] batchB = Arrays.copyOf(bs, rb - 2);
        int[] batch;
        try {
            batch = Shape.broadcast(op, batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": batch dimensions of shapes " + Shape.str(as) + " and "
                    + Shape.str(bs) + " do not broadcast", e);
        }
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = Tensor.empty(a.dtype(), outShape);

        int count = Shape.numel(batch);
        int[] aBatchStrides = Shape.broadcastStrides(batchA, Arrays.copyOf(a.strides(), ra - 2), batch);
        int[] bBatchStrides = Shape.broadcastStrides(batchB, Arrays.copyOf(b.strides(), rb - 2), batch);
        int[] aOffs = new int[count];
        int[] bOffs = new int[count];
        int[] cOffs = new int[count];
        int[] index = new int[batch.length];
        for (int t = 0; t < count; t++) {
            int ao = a.offset();
            int bo = b.offset();
            for (int d = 0; d < batch.length; d++) {
                ao += index[d] * aBatchStrides[d];
                bo += index[d] * bBatchStrides[d];
            }
            aOffs[t] = ao;
            bOffs[t] = bo;
            cOffs[t] = out.offset() + t * m * n;
            for (int d = batch.length - 1; d >= 0; d--) {
                if (++index[d] < batch[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        int aRs = a.strides()[ra - 2];
        int aCs = a.strides()[ra - 1];
        int bRs = b.strides()[rb - 2];
        int bCs = b.strides()[rb - 1];
        if (a.dtype() == DType.FLOAT32) {
            a.device().backend().gemmBatched(count, m, n, k, TensorInternals.floats(a), aOffs, aRs, aCs, TensorInternals.floats(b),
                    bOffs, bRs, bCs, TensorInternals.floats(out), cOffs, n);
        } else {
            ReferenceBackend.INSTANCE.gemmBatched(count, m, n, k, TensorInternals.doubles(a), aOffs, aRs, aCs, TensorInternals.doubles(b),
                    bOffs, bRs, bCs, TensorInternals.doubles(out), cOffs, n);
        }
        Tracing.record("matmul", out, a, b);
        if (Engine.needsGrad(a, b)) {
            Engine.record(out, matmulBackward(a, b));
        }
        return out;
    }

    /**
     * The backward of C = A·B (batched, broadcast): ∂/∂a = g·bᵀ, ∂/∂b = aᵀ·g over the leading dims,
     * summed back over broadcast batch dims by the engine.
     */
    static Node matmulBackward(Tensor a, Tensor b) {
        return FormulaNode.of("MatMulBackward", inputs(a, b), saving(a, b), (g, s) -> {
                Tensor ga = null;
                Tensor gb = null;
                if (s.needsGrad(0)) {
                    Tensor bt = s.get(1);
                    ga = batched("matmul", g, bt.transpose(-2, -1));
                }
                if (s.needsGrad(1)) {
                    Tensor at = s.get(0);
                    gb = batched("matmul", at.transpose(-2, -1), g);
                }
                return new Tensor[] {ga, gb};
        });
    }
}
