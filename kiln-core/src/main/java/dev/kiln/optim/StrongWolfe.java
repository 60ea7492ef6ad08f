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

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static Result search(Objective obj, double[] x, double t, double[] d, double f, double[] g, double gtd,
            double toleranceChange, int maxLs) {
        double dNorm = 0;
        for (double v : d) {
            dNorm = Math.max(dNorm, Math.abs(v));
        }
        Eval e = obj.at(x, t, d);
        double fNew = e.f();
        double[] gNew = e.g();
        int evals = 1;
        double gtdNew = dot(gNew, d);
        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bt = null;
        double[] bf = null;
        double[][] bg = null;
        double[] bgtd = null;
        // bracketing phase
        while (lsIter < maxLs) {
            if (fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
                bt = new double[] {tPrev, t};
                bf = new double[] {fPrev, fNew};
                bg = new double[][] {gPrev, gNew};
                bgtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                bt = new double[] {t};
                bf = new double[] {fNew};
                bg = new double[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bt = new double[] {tPrev, t};
                bf = new double[] {fPrev, fNew};
                bg = new double[][] {gPrev, gNew};
                bgtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            e = obj.at(x, t, d);
            fNew = e.f();
            gNew = e.g();
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxLs) {
            bt = new double[] {0, t};
            bf = new double[] {f, fNew};
            bg = new double[][] {g, gNew};
            bgtd = new double[] {gtd, gtdNew};
        }
        // zoom phase
        boolean insufficientProgress = false;
        int low = bf.length == 1 || bf[0] <= bf[1] ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < maxLs) {
            if (Math.abs(bt[1] - bt[0]) * dNorm < toleranceChange) {
                break;
            }
            double bmax = Math.max(bt[0], bt[1]);
            double bmin = Math.min(bt[0], bt[1]);
            t = cubicInterpolate(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1], bmin, bmax);
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
            e = obj.at(x, t, d);
            fNew = e.f();
            gNew = e.g();
            evals++;
            gtdNew = dot(gNew, d);
            lsIter++;
            if (fNew > f + C1 * t * gtd || fNew >= bf[low]) {
                bt[high] = t;
                bf[high] = fNew;
                bg[high] = gNew;
                bgtd[high] = gtdNew;
                low = bf[0] <= bf[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bt[high] - bt[low]) >= 0) {
                    bt[high] = bt[low];
                    bf[high] = bf[low];
                    bg[high] = bg[low];
                    bgtd[high] = bgtd[low];
                }
                bt[low] = t;
                bf[low] = fNew;
                bg[low] = gNew;
                bgtd[low] = gtdNew;
            }
        }
        return new Result(bf[low], bg[low], bt[low], evals);
    }
}
