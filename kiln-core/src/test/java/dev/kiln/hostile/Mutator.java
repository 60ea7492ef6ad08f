package dev.kiln.hostile;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded mutations of a valid file, the kinds that break readers: flipped bits, bytes set to
 * boundary values, 32- and 64-bit fields overwritten with extreme sizes (both byte orders),
 * truncation, deleted, duplicated or inserted runs, and text-level edits of ASCII digits and
 * brackets. The same seed always gives the same sequence of mutants.
 */
public final class Mutator {
    private static final long[] EXTREMES = {0, 1, 0x7F, 0xFF, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, Long.MAX_VALUE, -1, 1L << 40,
        2_000_000};
    private static final byte[] TEXT = "0123456789-+.eE[]{}\",:\\ \n\tnaifNI\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private final SplittableRandom random;

    /** A mutator drawing from {@code seed}. */
    public Mutator(long seed) {
        random = new SplittableRandom(seed);
    }

    /** A mutant of {@code valid}: one to four mutations stacked. */
    public byte[] mutate(byte[] valid) {
        byte[] b = valid.clone();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = once(b);
        }
        return b;
    }

    private byte[] once(byte[] b) {
        if (b.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(b.length);
        switch (random.nextInt(9)) {
            case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[at] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, '{', '"', '9'}[random.nextInt(7)];
            case 2 -> {
                // an extreme size written as a 32- or 64-bit field, little- or big-endian
                long v = EXTREMES[random.nextInt(EXTREMES.length)];
                int width = random.nextBoolean() ? 4 : 8;
                boolean little = random.nextBoolean();
                for (int k = 0; k < width && at + k < b.length; k++) {
                    int shift = 8 * (little ? k : width - 1 - k);
                    b[at + k] = (byte) (v >>> shift);
                }
            }
            case 3 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 4 -> {
                int len = 1 + random.nextInt(Math.min(64, b.length - at));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                b = out;
            }
            case 5 -> {
                int len = 1 + random.nextInt(Math.min(64, b.length - at));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                b = out;
            }
            case 6 -> {
                byte[] out = new byte[b.length + 1];
                System.arraycopy(b, 0, out, 0, at);
                out[at] = (byte) random.nextInt(256);
                System.arraycopy(b, at, out, at + 1, b.length - at);
                b = out;
            }
            case 7 -> b[at] = TEXT[random.nextInt(TEXT.length)];
            default -> {
                // a long run of one byte: deep nesting, long numbers, long lines
                int len = 1 + random.nextInt(5000);
                byte fill = TEXT[random.nextInt(TEXT.length)];
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at);
                Arrays.fill(out, at, at + len, fill);
                System.arraycopy(b, at, out, at + len, b.length - at);
                b = out;
            }
        }
        return b;
    }
}
