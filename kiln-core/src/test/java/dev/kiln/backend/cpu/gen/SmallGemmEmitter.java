package dev.kiln.backend.cpu.gen;

/**
 * Emits {@code SmallGemmKernels}: the register tiles of {@code SmallGemm}, {@code tile<rows>x4} for its
 * few-rows product (B read in place at per-row offsets, four vectors of columns) and
 * {@code outer<rows>x<vectors>} for its batched outer products (the weight gradient of an im2col-free
 * convolution, accumulators in registers across the whole batch).
 */
final class SmallGemmEmitter {
    /** Rows of the few-rows tiles (four vectors of columns each). */
    static final int[] TILE_ROWS = {4, 2, 1};
    /** Vectors of columns per few-rows tile. */
    static final int TILE_VECTORS = 4;
    /** Outer-product tiles as {rows, vectors}. */
    static final int[][] OUTER = {{8, 1}, {4, 2}, {1, 1}};

    private final Source s = new Source();

    /** The class text (without the generated-file header). */
    String emit() {
        s.kernelClass("SmallGemmKernels", false, "The register tiles of {@link SmallGemm} (see there for the layouts): {@code tile<rows>x"
                        + TILE_VECTORS + "} of its few-rows product",
                "and {@code outer<rows>x<vectors>} of its batched outer products, their accumulators in named locals so",
                "that they live in vector registers.");
        for (int rows : TILE_ROWS) {
            tile(rows, TILE_VECTORS);
        }
        for (int[] o : OUTER) {
            outer(o[0], o[1]);
        }
        s.close();
        return s.toString();
    }

    private static String acc(int i, int v) {
        return "c" + i + v;
    }

    private void tile(int rows, int vectors) {
        s.line("");
        s.doc("{@code C[i + r, j] = bias[i + r] + Σ_p a[(i + r)·k + p]·b[bo + ro[p] + j]} for r &lt; " + rows + ", j &lt; "
                        + vectors + "·L, with",
                "{@code C[i + r, j] = c[co + r·ldc + j]} (bias null: zero).");
        s.open("static void tile" + rows + "x" + vectors
                + "(int k, float[] a, int i, float[] b, int bo, int[] ro, float[] c, int co, int ldc, float[] bias) {");
        for (int r = 0; r < rows; r++) {
            StringBuilder d = new StringBuilder("FloatVector " + acc(r, 0) + " = FloatVector.broadcast(S, bias == null ? 0f : bias["
                    + Source.plus("i", r) + "])");
            for (int v = 1; v < vectors; v++) {
                d.append(", ").append(acc(r, v)).append(" = ").append(acc(r, 0));
            }
            s.line(d + ";");
        }
        for (int r = 0; r < rows; r++) {
            s.line("int r" + r + " = " + (r == 0 ? "i * k" : "r" + (r - 1) + " + k") + ";");
        }
        s.open("for (int p = 0; p < k; p++) {");
        s.line("int bp = bo + ro[p];");
        s.rankOneUpdate(rows, vectors, "b", v -> "FloatVector.fromArray(S, b, " + Source.plus("bp", v, "L") + ")", "a",
                r -> "a[r" + r + " + p]", SmallGemmEmitter::acc);
        s.close();
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                s.line("co += ldc;");
            }
            for (int v = 0; v < vectors; v++) {
                s.line(acc(r, v) + ".intoArray(c, " + Source.plus("co", v, "L") + ");");
            }
        }
        s.close();
    }

    private void outer(int rows, int vectors) {
        s.line("");
        s.doc("{@code acc[(r + i)·ld + c + j] = Σ_t Σ_q b[t·bBs + ro[r + i] + q]·at[t·p·ld + q·ld + c + j]} (overwritten) for",
                "i &lt; " + rows + ", j &lt; " + vectors + "·L.");
        s.open("static void outer" + rows + "x" + vectors
                + "(int r, int c, int batch, int p, float[] b, int bBs, int[] ro, float[] at, int ld, float[] acc) {");
        StringBuilder d = new StringBuilder("FloatVector " + acc(0, 0) + " = FloatVector.zero(S)");
        for (int i = 0; i < rows; i++) {
            for (int v = 0; v < vectors; v++) {
                if (i + v > 0) {
                    d.append(", ").append(acc(i, v)).append(" = ").append(acc(0, 0));
                }
            }
        }
        s.line(d + ";");
        s.open("for (int t = 0; t < batch; t++) {");
        s.line("int bt = t * bBs;");
        for (int i = 0; i < rows; i++) {
            s.line("int q" + i + " = bt + ro[" + Source.plus("r", i) + "];");
        }
        s.line("int ao = t * p * ld + c;");
        s.open("for (int j = 0; j < p; j++) {");
        s.rankOneUpdate(rows, vectors, "x", v -> "FloatVector.fromArray(S, at, " + Source.plus("ao + j * ld", v, "L") + ")", "y",
                i -> "b[q" + i + " + j]", SmallGemmEmitter::acc);
        s.close();
        s.close();
        s.line("int o = r * ld + c;");
        for (int i = 0; i < rows; i++) {
            for (int v = 0; v < vectors; v++) {
                s.line(acc(i, v) + ".intoArray(acc, " + Source.plus(Source.plus("o", i, "ld"), v, "L") + ");");
            }
        }
        s.close();
    }
}
