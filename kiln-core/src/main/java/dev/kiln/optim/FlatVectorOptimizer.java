package dev.kiln.optim;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * An optimiser that treats all its parameters as one flat vector x (L-BFGS, Newton's method):
 * one parameter group, no per-parameter {@link #update}, state that is not shaped like the
 * parameters; x is read into and written from a {@code double[]} of length {@link #size}.
 *
 * @param <H> the hyper-parameter record
 */
abstract class FlatVectorOptimizer<H extends Hyperparameters<H>> extends Optimizer<H> {
    /** The parameters, in the order of their slices of x. */
    final List<Tensor> params;
    /** The length of x: the parameters' total number of elements. */
    final int size;
    private final String stepCall;

    FlatVectorOptimizer(List<Tensor> params, H options, String stepCall) {
        super(options, ParamGroupSpec.all(params));
        this.params = List.copyOf(params);
        int n = 0;
        for (Tensor p : params) {
            n += p.numel();
        }
        this.size = n;
        this.stepCall = stepCall;
    }

    @Override
    protected final boolean stateShapedLikeParams() {
        return false;
    }

    @Override
    protected final void update(Tensor param, Tensor grad, H options, ParamState state) {
        throw new UnsupportedOperationException(name() + " updates all parameters together: call " + stepCall);
    }

    /** {@return x: the parameters, flattened in order into one float64 vector} */
    final double[] gatherParams() {
        return flatten(params);
    }

    /**
     * {@return the tensors {@code parts} (one per parameter, each of its parameter's size; null
     * counts as zeros) flattened in order into one float64 vector of length {@link #size}}
     *
     * @param parts one tensor per parameter, in order
     */
    final double[] flatten(List<Tensor> parts) {
        double[] v = new double[size];
        int k = 0;
        for (int i = 0; i < parts.size(); i++) {
            Tensor p = parts.get(i);
            if (p != null) {
                double[] a = p.dtype() == DType.FLOAT64 ? p.detach().toDoubleArray() : p.detach().to(DType.FLOAT64).toDoubleArray();
                System.arraycopy(a, 0, v, k, a.length);
            }
            k += params.get(i).numel();
        }
        return v;
    }

    /**
     * Writes x into the parameters (rounded to their dtype).
     *
     * @param x the new values of all parameters, of length {@link #size}
     */
    final void setParams(double[] x) {
        int k = 0;
        try (var off = GradMode.disabled()) {
            for (Tensor p : params) {
                int n = p.numel();
                p.detach().copy_(Tensor.fromArray(Arrays.copyOfRange(x, k, k + n), p.shape()).to(p.dtype()));
                k += n;
            }
        }
    }

    /**
     * Writes x0 + t·d into the parameters (rounded to their dtype).
     *
     * @param x0 the start point, of length {@link #size}
     * @param t the step length
     * @param d the direction, of length {@link #size}
     */
    final void setParams(double[] x0, double t, double[] d) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = x0[i] + t * d[i];
        }
        setParams(x);
    }

    /** {@return aᵀb} */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@return max |aᵢ|, 0 for an empty vector} */
    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
