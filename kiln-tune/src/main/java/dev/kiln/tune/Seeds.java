package dev.kiln.tune;

import java.util.SplittableRandom;

/**
 * Seeded random streams keyed by (seed, trial number, parameter name…), so that a sampler's draws for
 * a trial do not depend on which thread or in which order trials ran: parallel and sequential
 * studies then draw the same values.
 */
public final class Seeds {
    private Seeds() {
    }

    /** SplitMix64's finaliser: a bijective mix of 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A random stream determined by the seed and the keys. */
    public static SplittableRandom random(long seed, long... keys) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long k : keys) {
            h = mix(h + 0x9E3779B97F4A7C15L + k);
        }
        return new SplittableRandom(h);
    }

    /** A stable 64-bit key for a parameter name (independent of JVM and run). */
    public static long key(String name) {
        long h = 0xCBF29CE484222325L; // FNV-1a
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }
}
