package dev.kiln.tensor;

/**
 * A seedable, splittable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
 *
 * <p>The same seed gives the same numbers on every machine. {@link #split()} derives an
 * independent generator, for example one per data-loader worker. {@link #state()} and
 * {@link #setState(long[])} save and restore the exact position, so that a resumed training run
 * draws the same numbers as an uninterrupted one.
 *
 * <pre>{@code
 * var g = new Generator(42);
 * Tensor w = Tensor.randn(g, 3, 4);
 * }</pre>
 */
public final class Generator {
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private double spareGaussian;
    private boolean hasSpare;

    /**
     * A generator seeded with {@code seed}.
     *
     * @param seed the seed; equal seeds give equal streams
     */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /**
     * Re-seeds this generator.
     *
     * @param seed the seed; equal seeds give equal streams
     */
    public void manualSeed(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
        hasSpare = false;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * {@return 64 uniformly random bits}
     */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /**
     * {@return a uniform integer in [0, bound)}
     *
     * @param bound the exclusive upper bound (&gt; 0)
     */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long r = nextLong() >>> 1;
        long m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {
            // rejection keeps the distribution exactly uniform
        }
        return r;
    }

    /**
     * {@return a uniform float in [0, 1) with 24 random bits}
     */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * {@return a uniform double in [0, 1) with 53 random bits}
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * {@return a standard normal N(0, 1) sample (Box–Muller, polar form)}
     */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * m;
        hasSpare = true;
        return u * m;
    }

    /**
     * A new generator whose stream is independent of this one's; advances this one.
     *
     * @return the new generator
     */
    public Generator split() {
        return new Generator(nextLong());
    }

    /**
     * {@return the full state: four words of xoshiro state, the spare gaussian's bits and its flag}
     */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, Double.doubleToRawLongBits(spareGaussian), hasSpare ? 1 : 0};
    }

    /**
     * Restores a state returned by {@link #state()}.
     *
     * @param state a state returned by {@link #state()}
     */
    public void setState(long[] state) {
        if (state.length != 6) {
            throw new IllegalArgumentException("Generator state must have 6 words, got " + state.length);
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        spareGaussian = Double.longBitsToDouble(state[4]);
        hasSpare = state[5] != 0;
    }
}
