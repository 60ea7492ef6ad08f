package dev.kiln.optim;

import dev.kiln.tensor.Tensor;

/** The Rosenbrock function f(x, y) = (1 − x)² + 100·(y − x²)², minimum 0 at (1, 1). */
final class Rosenbrock {
    private Rosenbrock() {
    }

    /** f at the 2-element tensor {@code xy}, built from elementwise ops so that backward gives the gradient. */
    static Tensor f(Tensor xy) {
        Tensor x = xy.select(0, 0);
        Tensor y = xy.select(0, 1);
        return x.rsub(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100));
    }

    /** The classic start (−1.2, 1) as a float64 parameter. */
    static Tensor start() {
        return Tensor.of(-1.2, 1.0).requiresGrad(true);
    }

    /** Runs {@code steps} steps of {@code opt} on {@code xy}; returns the distance to (1, 1). */
    static double minimise(Optimizer<?> opt, Tensor xy, int steps) {
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad(true);
            f(xy).backward();
            opt.step();
        }
        return distance(xy);
    }

    static double distance(Tensor xy) {
        return Math.hypot(xy.getDouble(0) - 1, xy.getDouble(1) - 1);
    }
}
