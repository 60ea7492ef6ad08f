package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolKernelsTest {
    /**
     * maxForward2x2 picks, in each 2×2 window scanned row-major, the first element that is strictly
     * greater than every earlier one, or the last NaN: ties (ReLU zeros, ±0) keep the first, as the
     * scanning definition does. Checked against that scan on data full of ties and some NaNs.
     */
    @Test
    void maxForward2x2MatchesScanWithTiesAndNaN() {
        Random r = new Random(7);
        int planes = 3, h = 6, w = 8;
        float[] choices = {0f, -0f, 1f, 1f, -2f, Float.NaN, 0.5f};
        float[] x = new float[planes * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = choices[r.nextInt(choices.length)];
        }
        int oh = h / 2, ow = w / 2;
        float[] out = new float[planes * oh * ow];
        int[] idx = new int[out.length];
        PoolKernels.maxForward2x2(x, 0, planes, h, w, out, idx);
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int[] window = {2 * oy * w + 2 * ox, 2 * oy * w + 2 * ox + 1, (2 * oy + 1) * w + 2 * ox, (2 * oy + 1) * w + 2 * ox + 1};
                    int best = window[0];
                    float m = x[p * h * w + best];
                    for (int q = 1; q < 4; q++) {
                        float v = x[p * h * w + window[q]];
                        if (v > m || v != v) {
                            m = v;
                            best = window[q];
                        }
                    }
                    int o = p * oh * ow + oy * ow + ox;
                    assertEquals(best, idx[o], "index of window " + o);
                    assertEquals(Float.floatToRawIntBits(m), Float.floatToRawIntBits(out[o]), "value of window " + o);
                }
            }
        }
    }
}
