package dev.kiln.cli;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;

/**
 * Prepares a photo or scan of a digit the way MNIST's images were made, so that a model trained on
 * MNIST sees what it was trained on:
 * <ol>
 *   <li>grey-scale: luminance 0.299·R + 0.587·G + 0.114·B in [0, 1], transparent pixels as white paper;</li>
 *   <li>inversion: MNIST digits are light on dark, so an image whose border is mostly light (dark
 *       ink on light paper) is inverted, v ← 1 − v;</li>
 *   <li>contrast: the paper (the border's mean) becomes 0 and the strongest ink 1;</li>
 *   <li>cropping to the ink's bounding box (pixels above 0.05), padded to a square;</li>
 *   <li>an antialiased resize (area averaging, as MNIST's anti-aliasing) of that box into 20×20 of
 *       the 28×28 field (in proportion for other sizes);</li>
 *   <li>centring by mass: shifting by whole pixels so that the intensity-weighted centre lies at
 *       pixel (14, 14) of 28×28 (size/2 in general).</li>
 * </ol>
 */
final class DigitImage {
    /** Pixels above this (after inversion and stretching to [0, 1]) count as ink when finding the bounding box. */
    static final float INK = 0.05f;

    private DigitImage() {
    }

    /**
     * The image as a {@code size}×{@code size} field of floats in [0, 1], row-major.
     *
     * @param image any image
     * @param size the side of the field (28 for MNIST)
     * @return the prepared pixels
     */
    static float[] prepare(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] grey = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                float alpha = ((argb >>> 24) & 0xFF) / 255f;
                float lum = (0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF)) / 255f;
                grey[y * w + x] = alpha * lum + (1 - alpha); // composited on white paper
            }
        }
        if (borderMean(grey, w, h) > 0.5f) {
            for (int i = 0; i < grey.length; i++) {
                grey[i] = 1 - grey[i];
            }
        }
        // the paper is black and the strongest ink white, as in MNIST: v ← (v − paper) / (ink − paper)
        float paper = borderMean(grey, w, h);
        float ink = 0;
        for (float v : grey) {
            ink = Math.max(ink, v);
        }
        if (ink - paper < 0.1f) {
            return new float[size * size]; // no ink: an empty field
        }
        for (int i = 0; i < grey.length; i++) {
            grey[i] = Math.clamp((grey[i] - paper) / (ink - paper), 0f, 1f);
        }
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (grey[y * w + x] > INK) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return new float[size * size]; // no ink: an empty field
        }
        int side = Math.max(x1 - x0 + 1, y1 - y0 + 1);
        BufferedImage box = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        int ox = (side - (x1 - x0 + 1)) / 2;
        int oy = (side - (y1 - y0 + 1)) / 2;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                box.getRaster().setSample(ox + x - x0, oy + y - y0, 0, Math.round(255 * grey[y * w + x]));
            }
        }
        int inner = Math.max(1, Math.round(size * 20f / 28f));
        BufferedImage small = new BufferedImage(inner, inner, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = small.createGraphics();
        g.drawImage(box.getScaledInstance(inner, inner, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        float[] digit = new float[inner * inner];
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < inner; y++) {
            for (int x = 0; x < inner; x++) {
                float v = small.getRaster().getSample(x, y, 0) / 255f;
                digit[y * inner + x] = v;
                mass += v;
                mx += v * x;
                my += v * y;
            }
        }
        // place the box so that its centre of mass lands on pixel (size/2, size/2), (14, 14) for MNIST,
        // by a whole-pixel shift as MNIST did
        double cx = mass > 0 ? mx / mass : (inner - 1) / 2.0;
        double cy = mass > 0 ? my / mass : (inner - 1) / 2.0;
        int left = (int) Math.round(size / 2.0 - cx);
        int top = (int) Math.round(size / 2.0 - cy);
        float[] field = new float[size * size];
        for (int y = 0; y < inner; y++) {
            for (int x = 0; x < inner; x++) {
                int fx = left + x;
                int fy = top + y;
                if (fx >= 0 && fx < size && fy >= 0 && fy < size) {
                    field[fy * size + fx] = digit[y * inner + x];
                }
            }
        }
        return field;
    }

    /** The mean of the outermost rows and columns. */
    private static float borderMean(float[] v, int w, int h) {
        double sum = 0;
        int n = 0;
        for (int x = 0; x < w; x++) {
            sum += v[x] + v[(h - 1) * w + x];
            n += 2;
        }
        for (int y = 1; y < h - 1; y++) {
            sum += v[y * w] + v[y * w + w - 1];
            n += 2;
        }
        return (float) (sum / n);
    }
}
