package dev.kiln.autograd;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Derivatives of whole functions, as PyTorch's {@code torch.autograd.functional}: the Jacobian,
 * the Hessian, and the products with a vector that avoid building them (vjp, jvp, hvp).
 *
 * <p>Each takes a function f of one tensor and a point x; f is evaluated on a fresh leaf equal to
 * x (x itself is not modified and needs no {@code requiresGrad}), and f must be built from
 * differentiable ops (for {@link #hessian}, {@link #hvp} and {@link #jvp}, from ops whose backward
 * is differentiable again). The results are plain tensors without a graph.
 *
 * <ul>
 * <li>J = ∂f/∂x, of shape f(x).shape ++ x.shape: Jᵢⱼ = ∂fᵢ/∂xⱼ;</li>
 * <li>H = ∂²f/∂x² for a scalar f, of shape x.shape ++ x.shape: Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ;</li>
 * <li>vjp(v) = vᵀJ (x's shape), jvp(v) = J v (f(x)'s shape), hvp(v) = H v (x's shape).</li>
 * </ul>
 *
 * <pre>{@code
 * UnaryOperator<Tensor> f = x -> x.pow(3).sum();
 * Functional.hessian(f, Tensor.of(1.0, 2.0));   // [[6, 0], [0, 12]]
 * }</pre>
 */
public final class Functional {
    private Functional() {
    }

    /**
     * The Jacobian of f at x, one reverse pass per output element.
     *
     *
     * @param f the function, built from differentiable tensor operations
     * @param x the point the derivative is taken at
     * @return a tensor of shape f(x).shape ++ x.shape
     */
    public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x) {
        Tensor leaf = leaf(x);
        Tensor y = f.apply(leaf);
        int m = y.numel();
        int n = leaf.numel();
        Tensor jac = Tensor.zeros(leaf.dtype(), m, n);
        if (!y.requiresGrad()) {
            return jac.reshape(concat(y.shape(), x.shape()));
        }
        for (int i = 0; i < m; i++) {
            Tensor row = vjpAt(y, leaf, oneHot(y, i), GradOptions.DEFAULT.retainGraph(true));
            jac.select(0, i).copy_(row.reshape(n));
        }
        return jac.reshape(concat(y.shape(), x.shape()));
    }

    /**
     * The Hessian of a scalar f at x: the Jacobian of ∇f, one reverse pass through the gradient's
     * graph per element of x.
     *
     *
     * @param f the function, built from differentiable tensor operations
     * @param x the point the derivative is taken at
     * @return a tensor of shape x.shape ++ x.shape
     * @throws IllegalArgumentException when f(x) is not a single element
     */
    public static Tensor hessian(UnaryOperator<Tensor> f, Tensor x) {
        Tensor leaf = leaf(x);
        Tensor y = scalar("hessian", f.apply(leaf));
        int n = leaf.numel();
        Tensor hess = Tensor.zeros(leaf.dtype(), n, n);
        if (y.requiresGrad()) {
            Tensor g = vjpAt(y, leaf, null, GradOptions.DEFAULT.createGraph(true));
            if (g.requiresGrad()) {
                for (int i = 0; i < n; i++) {
                    Tensor row = vjpAt(g, leaf, oneHot(g, i), GradOptions.DEFAULT.retainGraph(true));
                    hess.select(0, i).copy_(row.reshape(n));
                }
            }
        }
        return hess.reshape(concat(x.shape(), x.shape()));
    }

    /**
     * {@return vᵀ ∂f/∂x at x, with v of f(x)'s shape; the result has x's shape}
     *
     * @param f the function, built from differentiable tensor operations
     * @param x the point the derivative is taken at
     * @param v the vector of the product (see above for its shape)
     */
    public static Tensor vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        Tensor leaf = leaf(x);
        Tensor y = f.apply(leaf);
        sameShape("vjp", "v", v, y);
        return y.requiresGrad() ? vjpAt(y, leaf, v, GradOptions.DEFAULT) : x.zerosLike();
    }

    /**
     * {@return (∂f/∂x) v at x, with v of x's shape; the result has f(x)'s shape} Computed by the "double
     * vjp" trick: with u a dummy of f(x)'s shape, g(u) = uᵀJ is linear in u, and Jv = ∂(g(u)·v)/∂u.
     *
     * @param f the function, built from differentiable tensor operations
     * @param x the point the derivative is taken at
     * @param v the vector of the product (see above for its shape)
     */
    public static Tensor jvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        sameShape("jvp", "v", v, x);
        Tensor leaf = leaf(x);
        Tensor y = f.apply(leaf);
        if (!y.requiresGrad()) {
            return y.detach().zerosLike();
        }
        Tensor u = y.detach().zerosLike().requiresGrad(true);
        Tensor g = vjpAt(y, leaf, u, GradOptions.DEFAULT.createGraph(true));
        if (!g.requiresGrad()) {
            return y.detach().zerosLike();
        }
        List<Tensor> r = Autograd.grad(List.of(g), List.of(u), List.of(v.to(g.dtype())), GradOptions.DEFAULT.materializeGrads(true));
        return r.get(0);
    }

    /**
     * H v for a scalar f at x, with v of x's shape: ∂(∇f · v)/∂x, two reverse passes and no n×n matrix.
     *
     *
     * @param f the function, built from differentiable tensor operations
     * @param x the point the derivative is taken at
     * @param v the vector of the product (see above for its shape)
     * @return a tensor of x's shape
     */
    public static Tensor hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        sameShape("hvp", "v", v, x);
        Tensor leaf = leaf(x);
        Tensor y = scalar("hvp", f.apply(leaf));
        if (!y.requiresGrad()) {
            return x.zerosLike();
        }
        Tensor g = vjpAt(y, leaf, null, GradOptions.DEFAULT.createGraph(true));
        if (!g.requiresGrad()) {
            return x.zerosLike();
        }
        return vjpAt(g, leaf, v.to(g.dtype()), GradOptions.DEFAULT);
    }

    /** The gradient of y (seeded with v) with respect to the leaf, zeros when y does not depend on it. */
    private static Tensor vjpAt(Tensor y, Tensor leaf, Tensor v, GradOptions options) {
        return Autograd.grad(List.of(y), List.of(leaf), v == null ? null : java.util.Collections.singletonList(v),
                options.materializeGrads(true)).get(0);
    }

    private static Tensor leaf(Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("autograd.functional: the point x must be float32 or float64, got " + x.dtype());
        }
        return x.detach().clone().requiresGrad(true);
    }

    private static Tensor scalar(String op, Tensor y) {
        if (y.numel() != 1) {
            throw new IllegalArgumentException(op + ": the function must return a single element, got shape " + Shape.str(y.shape()));
        }
        return y;
    }

    private static Tensor oneHot(Tensor like, int i) {
        Tensor e = Tensor.zeros(like.dtype(), like.numel());
        e.set(1, i);
        return e.reshape(like.shape());
    }

    private static void sameShape(String op, String name, Tensor v, Tensor like) {
        if (!Shape.same(v.shape(), like.shape())) {
            throw new IllegalArgumentException(op + ": " + name + " has shape " + Shape.str(v.shape()) + ", expected "
                    + Shape.str(like.shape()));
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
