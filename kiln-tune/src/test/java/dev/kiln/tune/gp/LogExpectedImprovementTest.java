package dev.kiln.tune.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** log EI against Optuna 5.0's standard_logei, its derivative against finite differences. */
class LogExpectedImprovementTest {
    @Test
    void standardMatchesOptuna() {
        // optuna._gp.acqf.standard_logei in float64; z = −40 is where the naive formula gives −∞
        double[][] table = {
            {-40.0, -808.2985683566197}, {-26.0, -345.4395467223178}, {-24.0, -295.28022323476455},
            {-5.0, -16.744301162660967}, {-1.0, -2.4851210257126413}, {0.0, -0.9189385332046727},
            {1.0, 0.08002621884930704}, {5.0, 1.6094379231264313},
        };
        for (double[] row : table) {
            assertEquals(row[1], LogExpectedImprovement.standard(row[0]), 1e-10 * Math.abs(row[1]), "z = " + row[0]);
        }
    }

    @Test
    void derivativeMatchesFiniteDifferences() {
        for (double z : new double[] {-60, -30, -25.5, -24.5, -8, -2, -0.3, 0, 0.7, 3, 9}) {
            double h = 1e-5 * Math.max(1, Math.abs(z));
            double numeric = (LogExpectedImprovement.standard(z + h) - LogExpectedImprovement.standard(z - h)) / (2 * h);
            assertEquals(numeric, LogExpectedImprovement.standardDerivative(z), 1e-6 * Math.max(1, Math.abs(numeric)),
                    "z = " + z);
        }
    }

    @Test
    void meanAndVarianceGradient() {
        double mean = 0.3;
        double var = 0.04;
        double f0 = 0.5;
        double[] g = new double[2];
        LogExpectedImprovement.of(mean, var, f0, g);
        double h = 1e-6;
        double dm = (LogExpectedImprovement.of(mean + h, var, f0, null) - LogExpectedImprovement.of(mean - h, var, f0, null)) / (2 * h);
        double dv = (LogExpectedImprovement.of(mean, var + h, f0, null) - LogExpectedImprovement.of(mean, var - h, f0, null)) / (2 * h);
        assertEquals(dm, g[0], 1e-6 * Math.abs(dm));
        assertEquals(dv, g[1], 1e-6 * Math.abs(dv));
    }

    @Test
    void logFeasibilityMatchesScipyLogNdtr() {
        double[][] table = {
            {-30.0, -454.32124395634327}, {-6.0, -20.73676894997471}, {-4.0, -10.360101486527292},
            {0.0, -0.6931471805599453}, {2.0, -0.023012909328963476},
        };
        for (double[] row : table) {
            assertEquals(row[1], LogFeasibility.logCdf(row[0]), 1e-12 * Math.abs(row[1]), "z = " + row[0]);
        }
    }
}
