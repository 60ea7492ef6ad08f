package dev.kiln.tune;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Sobol low-discrepancy sequence in up to 256 dimensions (Joe–Kuo direction numbers), optionally
 * scrambled by a random linear matrix scramble plus a digital shift (Matoušek's LMS, as SciPy's
 * {@code qmc.Sobol(scramble=True)}), which keeps the (t, m, s)-net property and makes every point
 * uniformly distributed.
 *
 * <p>Point i is x_i = (⊕_{k: bit k of gray(i)} v_k) ⊕ shift over {@value #BITS} bits, where
 * gray(i) = i ⊕ (i ≫ 1) and v_k are the (scrambled) direction numbers of each dimension.
 */
public final class Sobol {
    /** Bits per coordinate. */
    static final int BITS = 30;
    private static final List<int[]> TABLE = load();

    private final int dimensions;
    private final int[][] directions; // [dimension][bit]
    private final int[] shift;

    /**
     * @param dimensions the number of coordinates, 1..256
     * @param seed       the scrambling seed
     * @param scramble   SCRAMBLED (LMS + digital shift) or PLAIN
     */
    public Sobol(int dimensions, long seed, Scrambling scramble) {
        if (dimensions < 1 || dimensions > TABLE.size()) {
            throw new IllegalArgumentException("sobol: dimensions must be in 1.." + TABLE.size() + ", got " + dimensions);
        }
        this.dimensions = dimensions;
        this.directions = new int[dimensions][BITS];
        this.shift = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            directions[d] = plainDirections(d);
        }
        if (scramble == Scrambling.SCRAMBLED) {
            SplittableRandom rng = Seeds.random(seed, 0x50B01L);
            for (int d = 0; d < dimensions; d++) {
                // A random lower-triangular binary matrix with unit diagonal, acting on the bits
                // from the most significant one: row r keeps bit r and mixes in random higher bits.
                int[] rows = new int[BITS];
                for (int r = 0; r < BITS; r++) {
                    int below = r == 0 ? 0 : rng.nextInt(1 << r);
                    rows[r] = (1 << r) | below; // bit j (j ≤ r) of row r, counted from the top
                }
                for (int k = 0; k < BITS; k++) {
                    directions[d][k] = applyLower(rows, directions[d][k]);
                }
                shift[d] = rng.nextInt(1 << BITS);
            }
        }
    }

    /** Whether the sequence is scrambled. */
    public enum Scrambling {
        /** Randomised: linear matrix scramble and digital shift. */
        SCRAMBLED,
        /** The plain sequence (its first point is the origin). */
        PLAIN
    }

    /** Multiplies the bit vector v (MSB = bit index 0) by the lower-triangular matrix given by rows. */
    private static int applyLower(int[] rows, int v) {
        int out = 0;
        for (int r = 0; r < BITS; r++) {
            int parity = 0;
            for (int j = 0; j <= r; j++) {
                if (((rows[r] >>> j) & 1) != 0 && ((v >>> (BITS - 1 - j)) & 1) != 0) {
                    parity ^= 1;
                }
            }
            out |= parity << (BITS - 1 - r);
        }
        return out;
    }

    private static int[] plainDirections(int d) {
        int[] v = new int[BITS];
        if (d == 0) {
            for (int k = 0; k < BITS; k++) {
                v[k] = 1 << (BITS - 1 - k);
            }
            return v;
        }
        int[] row = TABLE.get(d);
        int poly = row[0];
        int s = 31 - Integer.numberOfLeadingZeros(poly);
        for (int k = 0; k < s && k < BITS; k++) {
            v[k] = row[1 + k] << (BITS - 1 - k);
        }
        for (int k = s; k < BITS; k++) {
            int x = v[k - s] ^ (v[k - s] >>> s);
            for (int j = 1; j < s; j++) {
                if (((poly >>> (s - j)) & 1) != 0) {
                    x ^= v[k - j];
                }
            }
            v[k] = x;
        }
        return v;
    }

    /** Point {@code index} (from 0) of the sequence, in [0, 1)^dimensions. */
    public double[] point(long index) {
        if (index < 0 || index >= (1L << BITS)) {
            throw new IllegalArgumentException("sobol: index must be in 0..2^" + BITS + ", got " + index);
        }
        long gray = index ^ (index >>> 1);
        double[] x = new double[dimensions];
        for (int d = 0; d < dimensions; d++) {
            int acc = shift[d];
            for (int k = 0; k < BITS; k++) {
                if (((gray >>> k) & 1) != 0) {
                    acc ^= directions[d][k];
                }
            }
            x[d] = acc / (double) (1 << BITS);
        }
        return x;
    }

    private static List<int[]> load() {
        try (InputStream in = Sobol.class.getResourceAsStream("sobol-joe-kuo.txt")) {
            if (in == null) {
                throw new IllegalStateException("sobol: the resource sobol-joe-kuo.txt is missing");
            }
            List<int[]> rows = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                int[] row = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    row[i] = Integer.parseInt(parts[i]);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
