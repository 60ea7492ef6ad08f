package dev.kiln.tune.gp;

/** An acquisition function a(x) on a {@link SearchBox}, to be maximised, with its gradient. */
public interface Acquisition {
    /** a(x). */
    double value(double[] x);

    /** a(x), writing ∂a/∂x_j into {@code gradient} (0 for categorical dimensions). */
    double valueAndGradient(double[] x, double[] gradient);

    /** Length scales ℓ_j per dimension, used to precondition the local search (1 where unknown). */
    double[] lengthScales();
}
