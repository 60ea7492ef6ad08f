package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LARS and LAMB on a convex quadratic with two "layers", f = Σ_layers ½·Σ_i a_i·(w_i − c_i)²,
 * checked step by step against the published update rules written out here independently, and
 * shown to converge to the minimiser c.
 */
class LayerwiseTrustRatioTest {
    private static final double[][] A = {{1.0, 4.0, 0.5}, {2.0, 0.25}};
    private static final double[][] C = {{0.5, -1.0, 2.0}, {1.5, -0.5}};
    private static final double[][] W0 = {{1.0, 1.0, -1.0}, {-2.0, 3.0}};

    private static double[] grad(int layer, double[] w) {
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            g[i] = A[layer][i] * (w[i] - C[layer][i]);
        }
        return g;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static List<Tensor> params() {
        return List.of(Tensor.of(W0[0].clone()).requiresGrad(true), Tensor.of(W0[1].clone()).requiresGrad(true));
    }

    private static void setGrads(List<Tensor> ps) {
        for (int l = 0; l < ps.size(); l++) {
            ps.get(l).setGrad(Tensor.of(grad(l, ps.get(l).toDoubleArray())));
        }
    }

    private static double distanceToMinimum(List<Tensor> ps) {
        double d = 0;
        for (int l = 0; l < ps.size(); l++) {
            double[] w = ps.get(l).toDoubleArray();
            for (int i = 0; i < w.length; i++) {
                d = Math.max(d, Math.abs(w[i] - C[l][i]));
            }
        }
        return d;
    }

    @Test
    void larsFollowsAlgorithm1OfYouGitmanGinsburg() {
        double lr = 2.0;
        double m = 0.9;
        double beta = 1e-4;
        double eta = 0.02;
        List<Tensor> ps = params();
        var opt = new LARS(ps, new LARS.Options(lr, m, beta, eta, 0));
        double[][] w = {W0[0].clone(), W0[1].clone()};
        double[][] v = {new double[3], new double[2]};
        for (int step = 0; step < 30; step++) {
            setGrads(ps);
            opt.step();
            for (int l = 0; l < 2; l++) {
                double[] g = grad(l, w[l]);
                // local LR λ = η·‖w‖/(‖∇L(w)‖ + β‖w‖); v ← m·v + γ·λ·(∇L(w) + βw); w ← w − v
                double local = eta * norm(w[l]) / (norm(g) + beta * norm(w[l]));
                for (int i = 0; i < w[l].length; i++) {
                    v[l][i] = m * v[l][i] + lr * local * (g[i] + beta * w[l][i]);
                    w[l][i] -= v[l][i];
                }
                double[] actual = ps.get(l).toDoubleArray();
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(w[l][i], actual[i], 1e-12, "LARS step " + step + " layer " + l + " element " + i);
                }
            }
        }
    }

    @Test
    void larsConvergesOnTheQuadratic() {
        List<Tensor> ps = params();
        var opt = new LARS(ps, new LARS.Options(1.0, 0.9, 0, 0.01, 0));
        var sched = new dev.kiln.optim.lr.CosineAnnealingLR(opt, 2000, 0);
        for (int step = 0; step < 2000; step++) {
            setGrads(ps);
            opt.step();
            sched.step();
        }
        assertTrue(distanceToMinimum(ps) < 1e-4, "LARS distance " + distanceToMinimum(ps));
    }

    @Test
    void lambFollowsAlgorithm2OfYouEtAl() {
        double lr = 0.05;
        double b1 = 0.9;
        double b2 = 0.99;
        double eps = 1e-6;
        double lambda = 0.01;
        List<Tensor> ps = params();
        var opt = new LAMB(ps, new RAdam.Options(lr, b1, b2, eps, lambda));
        double[][] w = {W0[0].clone(), W0[1].clone()};
        double[][] mm = {new double[3], new double[2]};
        double[][] vv = {new double[3], new double[2]};
        for (int t = 1; t <= 30; t++) {
            setGrads(ps);
            opt.step();
            for (int l = 0; l < 2; l++) {
                double[] g = grad(l, w[l]);
                double[] u = new double[g.length];
                for (int i = 0; i < g.length; i++) {
                    mm[l][i] = b1 * mm[l][i] + (1 - b1) * g[i];
                    vv[l][i] = b2 * vv[l][i] + (1 - b2) * g[i] * g[i];
                    double mHat = mm[l][i] / (1 - Math.pow(b1, t));
                    double vHat = vv[l][i] / (1 - Math.pow(b2, t));
                    u[i] = mHat / (Math.sqrt(vHat) + eps) + lambda * w[l][i];
                }
                // x ← x − η·φ(‖x‖)/‖u‖·u with φ the identity
                double ratio = norm(w[l]) / norm(u);
                for (int i = 0; i < g.length; i++) {
                    w[l][i] -= lr * ratio * u[i];
                }
                double[] actual = ps.get(l).toDoubleArray();
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(w[l][i], actual[i], 1e-12, "LAMB step " + t + " layer " + l + " element " + i);
                }
            }
        }
    }

    @Test
    void float32KernelsAgreeWithFloat64() {
        for (int which = 0; which < 2; which++) {
            Tensor w64 = Tensor.of(W0[0].clone()).requiresGrad(true);
            Tensor w32 = w64.detach().to(dev.kiln.tensor.DType.FLOAT32).requiresGrad(true);
            Optimizer<?> o64 = which == 0 ? new LARS(List.of(w64), LARS.Options.of(0.5)) : new LAMB(List.of(w64), LAMB.defaults(0.05));
            Optimizer<?> o32 = which == 0 ? new LARS(List.of(w32), LARS.Options.of(0.5)) : new LAMB(List.of(w32), LAMB.defaults(0.05));
            for (int step = 0; step < 10; step++) {
                w64.setGrad(Tensor.of(grad(0, w64.toDoubleArray())));
                w32.setGrad(Tensor.of(grad(0, w64.toDoubleArray())).to(dev.kiln.tensor.DType.FLOAT32));
                o64.step();
                o32.step();
            }
            double[] a = w32.toDoubleArray();
            double[] b = w64.toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-5, (which == 0 ? "LARS" : "LAMB") + " element " + i);
            }
        }
    }

    @Test
    void lambConvergesOnTheQuadratic() {
        List<Tensor> ps = params();
        var opt = new LAMB(ps, new RAdam.Options(0.05, 0.9, 0.999, 1e-6, 0));
        var sched = new dev.kiln.optim.lr.CosineAnnealingLR(opt, 3000, 0);
        for (int step = 0; step < 3000; step++) {
            setGrads(ps);
            opt.step();
            sched.step();
        }
        assertTrue(distanceToMinimum(ps) < 1e-4, "LAMB distance " + distanceToMinimum(ps));
    }
}
