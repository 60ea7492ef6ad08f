package dev.kiln.tune;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reference values from SciPy 1.x (scipy.special.log_ndtr, scipy.stats.truncnorm). */
class TruncatedNormalTest {

    @Test
    void logNdtrMatchesScipyFromFarTailToOne() {
        double[] x = {-40, -25, -10, -3, -1, 0, 0.5, 2, 5, 8};
        double[] scipy = {-804.6084420137539, -316.63940800802027, -53.23128515051248, -6.60772622151035,
                -1.8410216450092634, -0.6931471805599453, -0.36894641528865635, -0.023012909328963476,
                -2.8665161296376294e-07, -6.220960574271742e-16};
        for (int i = 0; i < x.length; i++) {
            assertEquals(scipy[i], TruncatedNormal.logNdtr(x[i]), 1e-12 * Math.max(1, Math.abs(scipy[i])), "x=" + x[i]);
        }
    }

    @Test
    void massAndQuantilesMatchScipy() {
        assertEquals(-1.8495664205476083, TruncatedNormal.logGaussMass(-3, -1), 1e-12);
        assertEquals(-3.7831843336820326, TruncatedNormal.logGaussMass(2, 9), 1e-12);
        assertEquals(-0.7996220745713244, TruncatedNormal.logGaussMass(-0.5, 0.7), 1e-12);
        assertEquals(-0.2424038178892269, TruncatedNormal.ppf(0.3, -1, 2), 1e-9);
        assertEquals(3.349238484785686, TruncatedNormal.ppf(0.7, 3, 5), 1e-9);
        assertEquals(-40.01731412676465, TruncatedNormal.ppf(0.5, -50, -40), 1e-9);
        assertEquals(0.07003998443194216, TruncatedNormal.ppf(0.9, -0.2, 0.1), 1e-9);
    }
}
