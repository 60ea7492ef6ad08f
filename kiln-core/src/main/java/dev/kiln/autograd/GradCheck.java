package dev.kiln.autograd;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.function.Function;

/**
 * Compares the gradients autograd computes with central finite differences, in float64.
 *
 * <p>For a function f of several tensors, it draws a random upstream gradient u of f's output
 * shape, back-propagates u to get the analytic ∂(Σ u·f)/∂xᵢ, and compares each element with
 * ((Σ u·f)(x + ε·eⱼ) − (Σ u·f)(x − ε·eⱼ)) / 2ε. Inputs that require grad must be float64 and
 * contiguous; other inputs (indices, masks) are passed through.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3, 4).to(DType.FLOAT64).requiresGrad(true);
 * GradCheck.check(in -> in[0].tanh(), x);
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {
    }

    /**
     * Checks with ε = 1e-6, atol = 1e-5, rtol = 1e-3; throws an AssertionError naming the first mismatch.
     *
     * @param f the function checked, from double-precision inputs to a tensor
     * @param inputs the float64 inputs; those that require grad are checked
     */
    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(f, 1e-6, 1e-5, 1e-3, inputs);
    }

    /**
     * Checks with explicit ε and tolerances: each element must satisfy
     * |analytic − numeric| ≤ atol + rtol·|numeric|.
     *
     *
     * @param f the function checked, from double-precision inputs to a tensor
     * @param eps the finite-difference step ε
     * @param atol the absolute tolerance
     * @param rtol the relative tolerance
     * @param inputs the float64 inputs; those that require grad are checked
     * @throws AssertionError naming the input, the element, both values and the shapes
     */
    public static void check(Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null && t.requiresGrad()) {
                if (t.dtype() != DType.FLOAT64 || !t.isContiguous() || !t.isLeaf()) {
                    throw new IllegalArgumentException("GradCheck: input " + i + " must be a contiguous float64 leaf, got "
                            + t.dtype() + " " + Shape.str(t.shape()));
                }
                t.setGrad(null);
            }
        }
        Tensor out = f.apply(inputs);
        if (out.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("GradCheck: the function must return float64, got " + out.dtype());
        }
        Tensor u = Tensor.randn(new Generator(1234), out.shape()).to(DType.FLOAT64);
        out.backward(u);
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t == null || !t.requiresGrad()) {
                continue;
            }
            double[] analytic = t.grad() == null ? new double[t.numel()] : t.grad().toDoubleArray();
            double[] data = TensorInternals.doubles(t);
            int off = t.offset();
            for (int j = 0; j < t.numel(); j++) {
                double saved = data[off + j];
                data[off + j] = saved + eps;
                double plus = weightedSum(f, inputs, u);
                data[off + j] = saved - eps;
                double minus = weightedSum(f, inputs, u);
                data[off + j] = saved;
                double numeric = (plus - minus) / (2 * eps);
                if (!(Math.abs(analytic[j] - numeric) <= atol + rtol * Math.abs(numeric))) {
                    throw new AssertionError("GradCheck: input " + i + " " + Shape.str(t.shape()) + ", element " + j
                            + ": analytic " + analytic[j] + " vs numeric " + numeric + " (output " + Shape.str(out.shape()) + ")");
                }
            }
        }
    }

    private static double weightedSum(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor u) {
        try (var off = GradMode.disabled()) {
            return f.apply(inputs).mul(u).sum().item();
        }
    }
}
