package dev.kiln.optim;

/**
 * A line search satisfying the strong Wolfe conditions (Nocedal &amp; Wright, Algorithms 3.5 and
 * 3.6), with cubic interpolation, as in PyTorch's L-BFGS:
 * {@code f(x + t·d) ≤ f(x) + c1·t·gᵀd} and {@code |g(x + t·d)ᵀd| ≤ −c2·gᵀd}.
 */
final class StrongWolfe {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;

    private StrongWolfe() {
    }

    /** A function value and gradient. */
    record Eval(double f, double[] g) {
    }

    /** The accepted step, its value and gradient, and the number of evaluations. */
    record Result(double f, double[] g, double t, int evals) {
    }

    /** Evaluates the objective at {@code x + t·d} (and leaves the parameters at x). */
    @FunctionalInterface
    interface Objective {
        Eval at(double[] x, double t, double[] d);
    }

    /** The minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to the bounds. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2;
    }

    /** A trial step {@code t} along d: the value, the gradient and the directional derivative gᵀd there. */
    private record Point(double t, double f, double[] g, double gtd) {
    }

    /** Evaluates the objective at {@code x + t·d}. */
    private static Point probe(Objective obj, double[] x, double t, double[] d) {
        Eval e = obj.at(x, t, d);
        return new Point(t, e.f(), e.g(), FlatVectorOptimizer.dot(e.g(), d));
    }

    static Result search(Objective obj, double[] x, double t, double[] d, double f, double[] g, double gtd,
            double toleranceChange, int maxLs) {
        double dNorm = FlatVectorOptimizer.maxAbs(d);
        Point start = new Point(0, f, g, gtd);
        Point prev = start;
        Point current = probe(obj, x, t, d);
        int evals = 1;
        boolean done = false;
        int lsIter = 0;
        Point[] bracket = null;
        // bracketing phase
        while (lsIter < maxLs) {
            if (current.f() > f + C1 * t * gtd || (lsIter > 1 && current.f() >= prev.f())) {
                bracket = new Point[] {prev, current};
                break;
            }
            if (Math.abs(current.gtd()) <= -C2 * gtd) {
                bracket = new Point[] {current};
                done = true;
                break;
            }
            if (current.gtd() >= 0) {
                bracket = new Point[] {prev, current};
                break;
            }
            double minStep = t + 0.01 * (t - prev.t());
            double maxStep = t * 10;
            t = cubicInterpolate(prev.t(), prev.f(), prev.gtd(), t, current.f(), current.gtd(), minStep, maxStep);
            prev = current;
            current = probe(obj, x, t, d);
            evals++;
            lsIter++;
        }
        if (lsIter == maxLs) {
            bracket = new Point[] {start, current};
        }
        // zoom phase
        boolean insufficientProgress = false;
        int low = bracket.length == 1 || bracket[0].f() <= bracket[1].f() ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < maxLs) {
            Point a = bracket[0];
            Point b = bracket[1];
            if (Math.abs(b.t() - a.t()) * dNorm < toleranceChange) {
                break;
            }
            double bmax = Math.max(a.t(), b.t());
            double bmin = Math.min(a.t(), b.t());
            t = cubicInterpolate(a.t(), a.f(), a.gtd(), b.t(), b.f(), b.gtd(), bmin, bmax);
            double eps = 0.1 * (bmax - bmin);
            if (Math.min(bmax - t, t - bmin) < eps) {
                if (insufficientProgress || t >= bmax || t <= bmin) {
                    t = Math.abs(t - bmax) < Math.abs(t - bmin) ? bmax - eps : bmin + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            current = probe(obj, x, t, d);
            evals++;
            lsIter++;
            if (current.f() > f + C1 * t * gtd || current.f() >= bracket[low].f()) {
                bracket[high] = current;
                low = bracket[0].f() <= bracket[1].f() ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(current.gtd()) <= -C2 * gtd) {
                    done = true;
                } else if (current.gtd() * (bracket[high].t() - bracket[low].t()) >= 0) {
                    bracket[high] = bracket[low];   // the old high end becomes the new low end
                }
                bracket[low] = current;
            }
        }
        Point best = bracket[low];
        return new Result(best.f(), best.g(), best.t(), evals);
    }
}
