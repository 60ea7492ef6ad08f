package dev.kiln.tune.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hand-derived gradients (kernel fit, posterior, acquisition) against central finite differences. */
class GaussianProcessTest {
    private static final boolean[] MIXED = {false, false, true};

    private static double[][] points(int n, SplittableRandom rng) {
        double[][] x = new double[n][3];
        for (double[] p : x) {
            p[0] = rng.nextDouble();
            p[1] = rng.nextDouble();
            p[2] = rng.nextInt(3);
        }
        return x;
    }

    private static double[] targets(double[][] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(6 * x[i][0]) + (x[i][1] - 0.3) * (x[i][1] - 0.3) + 0.5 * x[i][2];
        }
        return BayesianOptimization.standardize(y);
    }

    @Test
    void marginalLikelihoodGradient() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] x = points(15, rng);
        KernelFit fit = new KernelFit(x, MIXED, targets(x));
        double[] theta = {0.3, -0.5, 0.1, 0.2, Math.log(0.01)};
        double[] g = new double[5];
        fit.loss(theta, g);
        for (int k = 0; k < 5; k++) {
            double h = 1e-6;
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[k] += h;
            down[k] -= h;
            double numeric = (fit.loss(up, new double[5]) - fit.loss(down, new double[5])) / (2 * h);
            assertEquals(numeric, g[k], 1e-5 * Math.max(1, Math.abs(numeric)), "θ_" + k);
        }
    }

    @Test
    void fitImprovesTheLossAndPredictsTheData() {
        SplittableRandom rng = new SplittableRandom(2);
        double[][] x = points(25, rng);
        double[] y = targets(x);
        KernelFit fit = new KernelFit(x, MIXED, y);
        GaussianProcess gp = fit.fit(null);
        double[] start = new double[5];
        start[4] = Math.log(1 - 0.99e-6);
        double before = fit.loss(start, new double[5]);
        KernelParams p = gp.params();
        double[] lambda = p.inverseSquaredLengthScales();
        double after = fit.loss(new double[] {Math.log(lambda[0]), Math.log(lambda[1]), Math.log(lambda[2]),
            Math.log(p.kernelScale()), Math.log(p.noiseVariance() - KernelFit.MINIMUM_NOISE)}, new double[5]);
        assertTrue(after < before - 1, "loss " + before + " -> " + after);
        // a smooth deterministic function: the posterior mean interpolates the data closely
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[i], gp.mean(x[i]), 0.05, "point " + i);
        }
    }

    @Test
    void posteriorAndAcquisitionGradients() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = points(12, rng);
        double[] y = targets(x);
        GaussianProcess gp = new GaussianProcess(x, MIXED, y, new KernelParams(new double[] {4, 2, 1}, 1.3, 1e-4));
        double best = -1e300;
        for (double v : y) {
            best = Math.max(best, v);
        }
        Acquisition a = new SumAcquisition(List.of(new LogEiAcquisition(gp, best), new LogFeasibility(gp, -0.2)));
        double[] point = {0.37, 0.81, 1};
        double[] mv = new double[2];
        double[] gm = new double[3];
        double[] gv = new double[3];
        gp.posterior(point, mv, gm, gv);
        double[] ga = new double[3];
        a.valueAndGradient(point, ga);
        for (int j = 0; j < 2; j++) {
            double h = 1e-6;
            double[] up = point.clone();
            double[] down = point.clone();
            up[j] += h;
            down[j] -= h;
            double[] mvUp = new double[2];
            double[] mvDown = new double[2];
            gp.posterior(up, mvUp, null, null);
            gp.posterior(down, mvDown, null, null);
            assertEquals((mvUp[0] - mvDown[0]) / (2 * h), gm[j], 1e-6, "dμ/dx_" + j);
            assertEquals((mvUp[1] - mvDown[1]) / (2 * h), gv[j], 1e-6, "dσ²/dx_" + j);
            double numeric = (a.value(up) - a.value(down)) / (2 * h);
            assertEquals(numeric, ga[j], 1e-5 * Math.max(1, Math.abs(numeric)), "da/dx_" + j);
        }
        assertEquals(0.0, gm[2]);
    }
}
