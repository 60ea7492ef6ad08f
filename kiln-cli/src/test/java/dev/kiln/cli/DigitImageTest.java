package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.Datasets;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * A photo of an MNIST digit — dark ink on white paper, larger, off-centre, in colour — comes out of
 * {@link DigitImage} close to the MNIST image it was made from (correlation above 0.9, up to the
 * one-pixel uncertainty of MNIST's own whole-pixel centring), while a plain resize does not.
 */
class DigitImageTest {
    /** Pearson correlation of two pixel arrays. */
    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** A 28×28 image moved by (dx, dy) pixels, zeros entering. */
    private static float[] shifted(float[] v, int dx, int dy) {
        float[] out = new float[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int sx = x - dx;
                int sy = y - dy;
                if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) {
                    out[y * 28 + x] = v[sy * 28 + sx];
                }
            }
        }
        return out;
    }

    /** The digit drawn 4x larger in blue-black ink on white paper at (left, top) of a w×h photo. */
    private static BufferedImage photo(float[] digit, int w, int h, int left, int top) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        BufferedImage ink = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 784; i++) {
            float v = Math.clamp(digit[i], 0f, 1f);
            ink.setRGB(i % 28, i / 28, new Color(1 - 0.9f * v, 1 - 0.9f * v, 1 - 0.7f * v).getRGB());
        }
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(ink, left, top, 112, 112, null);
        g.dispose();
        return img;
    }

    @Test
    void aPhotoOfADigitComesOutLikeMnist() {
        Datasets.Split mnist = Datasets.mnist10k();
        float[] all = mnist.test().inputs().contiguous().toFloatArray();
        double worst = 1;
        for (int k = 0; k < 10; k++) {
            float[] digit = java.util.Arrays.copyOfRange(all, k * 784, (k + 1) * 784);
            float[] prepared = DigitImage.prepare(photo(digit, 200, 160, 70 - 7 * k, 10 + 3 * k), 28);
            assertEquals(784, prepared.length);
            // MNIST centred its digits by whole-pixel shifts, so the original's centre of mass lies anywhere
            // within half a pixel of (14, 14): compare up to a one-pixel shift
            double best = -1;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    best = Math.max(best, correlation(digit, shifted(prepared, dx, dy)));
                }
            }
            worst = Math.min(worst, best);
            float[] unprepared = new float[784];
            BufferedImage plain = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
            plain.createGraphics().drawImage(photo(digit, 200, 160, 70 - 7 * k, 10 + 3 * k), 0, 0, 28, 28, null);
            for (int i = 0; i < 784; i++) {
                unprepared[i] = (plain.getRGB(i % 28, i / 28) & 0xFF) / 255f;
            }
            assertTrue(correlation(digit, unprepared) < 0.5, "a plain resize does not look like MNIST");
        }
        assertTrue(worst > 0.9, "each prepared photo correlates with its MNIST original: worst " + worst);
    }

    @Test
    void lightInkOnDarkIsNotInvertedAndABlankImageIsEmpty() {
        BufferedImage dark = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dark.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(20, 10, 8, 30);
        g.dispose();
        float[] p = DigitImage.prepare(dark, 28);
        assertEquals(1f, p[14 * 28 + 14], 0.05f, "the white bar stays white, in the centre");
        assertEquals(0f, p[0], 1e-6f, "the dark background stays dark");
        BufferedImage blank = new BufferedImage(30, 30, BufferedImage.TYPE_INT_RGB);
        float sum = 0;
        for (float v : DigitImage.prepare(blank, 28)) {
            sum += v;
        }
        assertEquals(0f, sum);
    }
}
