package dev.kiln.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The data transforms: statistics fitted on the training split only, inverses, seeded randomness. */
class TransformsTest {
    private static final Tensor TRAIN = Tensor.of(new float[][] {{1, 10, 5}, {3, 30, 5}, {2, 20, 5}, {4, 40, 5}});
    private static final Tensor TEST = Tensor.of(new float[][] {{0, 50, 7}, {2.5f, 25, 5}});

    @Test
    void minMaxScaleUsesTheTrainingRangeOnly() {
        MinMaxScale s = MinMaxScale.fit(TRAIN);
        // train maps onto [0, 1] per feature; the constant feature (range 0) maps to 0
        assertArrayEquals(new float[] {0, 0, 0, 2 / 3f, 2 / 3f, 0, 1 / 3f, 1 / 3f, 0, 1, 1, 0}, s.apply(TRAIN).toFloatArray(), 1e-6f);
        // test values are scaled with the train min/max, so they may fall outside [0, 1]
        assertArrayEquals(new float[] {-1 / 3f, 4 / 3f, 2, 0.5f, 0.5f, 0}, s.apply(TEST).toFloatArray(), 1e-6f);
        assertArrayEquals(TEST.toFloatArray(), s.inverse(s.apply(TEST)).toFloatArray(), 1e-5f);
    }

    @Test
    void standardizeUsesTheTrainingMeanAndPopulationStd() {
        Standardize s = Standardize.fit(TRAIN);
        assertArrayEquals(new float[] {2.5f, 25, 5}, s.mean().toFloatArray(), 1e-6f);
        // population σ of 1..4 is √1.25; the constant feature gets σ = 1 (only centred)
        assertArrayEquals(new float[] {(float) Math.sqrt(1.25), (float) Math.sqrt(125), 1}, s.std().toFloatArray(), 1e-5f);
        Tensor z = s.apply(TRAIN);
        assertArrayEquals(new float[] {0, 0, 0}, z.mean(0, false).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1, 1, 0}, z.square().mean(0, false).toFloatArray(), 1e-5f);
        // the test split is shifted by the train mean, not its own
        assertArrayEquals(new float[] {-2.5f / (float) Math.sqrt(1.25), 25 / (float) Math.sqrt(125), 2, 0, 0, 0},
                s.apply(TEST).toFloatArray(), 1e-5f);
        assertArrayEquals(TEST.toFloatArray(), s.inverse(s.apply(TEST)).toFloatArray(), 1e-5f);
    }

    @Test
    void logScaleAndItsInverse() {
        Tensor x = Tensor.of(0f, 1f, 99f, 1e6f);
        LogScale s = new LogScale();
        assertArrayEquals(new float[] {0, (float) Math.log(2), (float) Math.log(100), (float) Math.log1p(1e6)}, s.apply(x).toFloatArray(),
                1e-6f);
        assertArrayEquals(x.toFloatArray(), s.inverse(s.apply(x)).toFloatArray(), 1e-6f * 1e6f);
    }

    @Test
    void normalizePerChannel() {
        Normalize n = new Normalize(new float[] {0.5f, 1}, new float[] {0.25f, 2});
        Tensor img = Tensor.of(new float[][][] {{{0.5f, 1}}, {{3, -1}}});   // 2x1x2
        assertArrayEquals(new float[] {0, 2, 1, -1}, n.apply(img).toFloatArray(), 1e-6f);
        assertArrayEquals(img.toFloatArray(), n.inverse(n.apply(img)).toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> n.apply(Tensor.zeros(3, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new float[] {0}, new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new float[] {0, 1}, new float[] {1}));
    }

    /** A 1×4×4 image with pixel values 1…16. */
    private static Tensor image() {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i + 1;
        }
        return Tensor.fromArray(v, 1, 4, 4);
    }

    @Test
    void randomCropIsAWindowOfThePaddedImageAndFollowsTheSeed() {
        Tensor img = image();
        Set<String> seen = new HashSet<>();
        RandomCrop crop = new RandomCrop(3, 1, new Generator(42));
        RandomCrop same = new RandomCrop(3, 1, new Generator(42));
        for (int trial = 0; trial < 50; trial++) {
            Tensor c = crop.apply(img);
            assertArrayEquals(new int[] {1, 3, 3}, c.shape());
            assertArrayEquals(c.toFloatArray(), same.apply(img).toFloatArray(), "same seed, same crops");
            // the crop must equal one of the 3×3 windows of the zero-padded 6×6 image
            float[] got = c.toFloatArray();
            boolean matched = false;
            for (int top = 0; top <= 3 && !matched; top++) {
                for (int left = 0; left <= 3 && !matched; left++) {
                    float[] window = new float[9];
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            int y = top + i - 1;
                            int x = left + j - 1;
                            window[i * 3 + j] = y >= 0 && y < 4 && x >= 0 && x < 4 ? y * 4 + x + 1 : 0;
                        }
                    }
                    matched = java.util.Arrays.equals(window, got);
                    if (matched) {
                        seen.add(top + "," + left);
                    }
                }
            }
            assertTrue(matched, "crop " + java.util.Arrays.toString(got) + " is not a window of the padded image");
        }
        assertTrue(seen.size() > 8, "50 crops cover many of the 16 positions, got " + seen);
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(7, 1, new Generator(0)).apply(img));
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(2, 0, new Generator(0)).apply(Tensor.zeros(4, 4)));
    }

    @Test
    void randomHorizontalFlipMirrorsEachRowWithProbabilityP() {
        Tensor img = image();
        Tensor flipped = new RandomHorizontalFlip(1, new Generator(0)).apply(img);
        assertArrayEquals(new float[] {4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9, 16, 15, 14, 13}, flipped.toFloatArray());
        assertArrayEquals(img.toFloatArray(), new RandomHorizontalFlip(1, new Generator(0)).apply(flipped).toFloatArray());
        assertSame(img, new RandomHorizontalFlip(0, new Generator(0)).apply(img));
        RandomHorizontalFlip half = new RandomHorizontalFlip(0.5, new Generator(9));
        RandomHorizontalFlip twin = new RandomHorizontalFlip(0.5, new Generator(9));
        int flips = 0;
        for (int i = 0; i < 400; i++) {
            Tensor a = half.apply(img);
            assertArrayEquals(a.toFloatArray(), twin.apply(img).toFloatArray(), "same seed, same flips");
            flips += a.getFloat(0, 0, 0) == 4 ? 1 : 0;
        }
        // Binomial(400, ½): 200 ± 4σ (σ = 10)
        assertTrue(flips > 160 && flips < 240, "flipped " + flips + " of 400");
        assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip(1.5, new Generator(0)));
        assertEquals(2, new RandomHorizontalFlip(1, new Generator(0)).apply(Tensor.of(1f, 2f)).getFloat(0));
    }
}
