package dev.kiln.backend.cpu.gen;

/**
 * Emits {@code GemmMicroKernel}: the MR×(VECTORS vectors) register kernel of the float32 GEMM, shared by the
 * packed path ({@code BlockedGemm}, B packed into NR-wide slivers, ldb = NR) and the unpacked one
 * ({@code DirectGemm}, B read in place, ldb = its row stride), and the EDGE_ROWS-row edge kernel of the
 * unpacked path (A read in place, lane masks).
 */
final class GemmEmitter {
    /** Rows of the register tile. */
    static final int MR = 12;
    /** Vectors per row of the register tile (NR = VECTORS·L columns). */
    static final int VECTORS = 2;
    /** Rows of the unpacked path's edge kernel. */
    static final int EDGE_ROWS = 4;
    /**
     * Rows of the unpacked path's narrow kernel: one vector of columns per row, for strips of at most L
     * columns (a 4×4 feature map at batch 1 is a 16-column product), where the two-vector edge kernel would
     * leave half its lanes and FMAs idle.
     */
    static final int NARROW_ROWS = MR;

    private final Source s = new Source();

    /** The class text (without the generated-file header). */
    String emit() {
        s.kernelClass("GemmMicroKernel", true, "The float32 GEMM register kernel: an MR×NR tile of C in " + MR * VECTORS
                        + " vector accumulators, per k step " + VECTORS + " vector",
                "loads of B, " + MR + " broadcasts of A and " + MR * VECTORS + " FMAs (AVX-512's 32 registers hold the accumulators, the B",
                "vectors and a broadcast; on 16-register AVX2 some accumulators spill). Its source is kept small enough (one",
                "epilogue per beta case, alpha folded into the packed A) for C1 to compile it: a method C1 gives up on can",
                "stay in slow code for seconds.");
        s.line("");
        s.doc("Rows of the register tile.");
        s.line("static final int MR = " + MR + ";");
        s.doc("Columns of the register tile: " + VECTORS + " vectors of the preferred species.");
        s.line("static final int NR = " + VECTORS + " * L;").line("");
        s.doc("Keeps the C-tile touch loads of the kernel alive (written only in the impossible case).");
        s.line("@SuppressWarnings(\"unused\")");
        s.line("private static float sink;").line("");
        kernel();
        edge(EDGE_ROWS, VECTORS);
        edge(NARROW_ROWS, 1);
        helpers();
        s.close();
        return s.toString();
    }

    private String acc(int i, int v) {
        return "c" + i + "_" + v;
    }

    private void kernel() {
        s.doc("{@code C[r, j] = Σ_p ap[ao + p·MR + r]·bp[bo + p·ldb + j] + beta·C[r, j]} for r &lt; MR, j &lt; NR, with",
                "{@code C[r, j] = c[co + r·ldc + j]} (alpha is folded into the packed A; C is not read when beta = 0).",
                "ldb is NR for a packed sliver of B and B's row stride when B is read in place.");
        s.open("static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, int ldb, float[] c, int co, int ldc, float beta) {");
        s.line("FloatVector " + acc(0, 0) + " = FloatVector.zero(S);");
        for (int i = 0; i < MR; i++) {
            for (int v = 0; v < VECTORS; v++) {
                if (i + v > 0) {
                    s.line("FloatVector " + acc(i, v) + " = " + acc(0, 0) + ";");
                }
            }
        }
        s.line("// Touch the C tile now so that its cache misses overlap the k loop instead of stalling the final update.");
        s.line("float touch = 0f;");
        s.open("if (beta != 0f) {");
        for (int i = 0; i < MR; i++) {
            s.line("touch += c[co + " + i + " * ldc] + c[co + " + i + " * ldc + NR - 1];");
        }
        s.close();
        s.open("for (int p = 0; p < kc; p++) {");
        s.line("int bi = bo + p * ldb;");
        s.line("int ai = ao + p * MR;");
        s.rankOneUpdate(MR, VECTORS, "b", v -> "FloatVector.fromArray(S, bp, " + Source.plus("bi", v, "L") + ")", "x",
                i -> "ap[ai + " + i + "]", this::acc);
        s.close();
        s.open("if (touch == Float.MIN_VALUE) {");
        s.line("sink = touch;");
        s.close();
        for (int i = 0; i < MR; i++) {
            s.line("int o" + i + " = co + " + i + " * ldc;");
        }
        s.open("if (beta == 0f) {");
        for (int i = 0; i < MR; i++) {
            for (int v = 0; v < VECTORS; v++) {
                s.line(acc(i, v) + ".intoArray(c, " + Source.plus("o" + i, v, "L") + ");");
            }
        }
        s.reopen("} else {");
        s.line("FloatVector vb = FloatVector.broadcast(S, beta);");
        for (int i = 0; i < MR; i++) {
            for (int v = 0; v < VECTORS; v++) {
                String at = Source.plus("o" + i, v, "L");
                s.line("FloatVector.fromArray(S, c, " + at + ").fma(vb, " + acc(i, v) + ").intoArray(c, " + at + ");");
            }
        }
        s.close();
        s.close();
    }

    /** The name of the edge kernel with {@code rows} rows and {@code vectors} vectors of columns. */
    static String edgeName(int rows, int vectors) {
        return "edge" + rows + (vectors == VECTORS ? "" : "x" + vectors);
    }

    private void edge(int rows, int vectors) {
        StringBuilder masks = new StringBuilder();
        StringBuilder lanes = new StringBuilder();
        for (int v = 0; v < vectors; v++) {
            masks.append(", VectorMask<Float> m").append(v);
            lanes.append(v == 0 ? "" : v == vectors - 1 ? " and " : ", ").append("m").append(v).append(" (columns ")
                    .append(v == 0 ? "[0, L)" : "[" + (v == 1 ? "" : v) + "L, " + (v + 1) + "L)").append(")");
        }
        s.line("");
        s.doc("{@code C[r, j] = alpha·Σ_p A[r, p]·B[p, j] + beta·C[r, j]} for r &lt; rows ≤ " + rows + " and the lanes j of",
                lanes + ", with {@code A[r, p] = a[ao + r·aRs + p·aCs]} read in place,",
                "{@code B[p, j] = b[bo + p·bRs + j]} and {@code C[r, j] = c[co + r·ldc + j]} (C not read when beta = 0). Rows",
                "past {@code rows} repeat the last row of A and are not stored; B's vectors are plain loads while they lie",
                "inside the array (lanes outside the masks are never stored).");
        s.line("static void " + edgeName(rows, vectors) + "(int rows, int k, float alpha, float[] a, int ao, int aRs, int aCs, float[] b, int bo, int bRs,");
        s.open("        float beta, float[] c, int co, int ldc" + masks + ") {");
        StringBuilder d = new StringBuilder("FloatVector " + acc(0, 0) + " = FloatVector.zero(S)");
        for (int i = 0; i < rows; i++) {
            for (int v = 0; v < vectors; v++) {
                if (i + v > 0) {
                    d.append(", ").append(acc(i, v)).append(" = ").append(acc(0, 0));
                }
            }
        }
        s.line(d + ";");
        for (int i = 0; i < rows; i++) {
            s.line("int a" + i + " = " + (i == 0 ? "ao" : "ao + Math.min(" + i + ", rows - 1) * aRs") + ";");
        }
        s.open("for (int p = 0; p < k; p++) {");
        s.line("int bi = bo + p * bRs;");
        s.line("int q = p * aCs;");
        s.rankOneUpdate(rows, vectors, "b", v -> "load(b, " + Source.plus("bi", v, "L") + ", m" + v + ")", "x",
                i -> "a[a" + i + " + q]", this::acc);
        s.close();
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                s.open("if (rows > " + i + ") {");
                s.line("co += ldc;");
            }
            for (int v = 0; v < vectors; v++) {
                s.line("store(" + acc(i, v) + ", alpha, beta, c, " + Source.plus("co", v, "L") + ", m" + v + ");");
            }
            if (i > 0) {
                s.close();
            }
        }
        s.close();
    }

    private void helpers() {
        s.line("");
        s.doc("The vector at {@code b[i..i+L)}: a plain load while it lies inside the array, a masked load at its end.");
        s.open("private static FloatVector load(float[] b, int i, VectorMask<Float> mask) {");
        s.line("return i <= b.length - L ? FloatVector.fromArray(S, b, i) : FloatVector.fromArray(S, b, i, mask);");
        s.close();
        s.line("");
        s.doc("Writes alpha·acc + beta·C to the lanes of {@code mask} of {@code c[o..o+L)} (C not read when beta = 0).");
        s.open("private static void store(FloatVector acc, float alpha, float beta, float[] c, int o, VectorMask<Float> mask) {");
        s.line("FloatVector v = alpha == 1f ? acc : acc.mul(alpha);");
        s.open("if (beta != 0f) {");
        s.line("v = FloatVector.fromArray(S, c, o, mask).fma(FloatVector.broadcast(S, beta), v);");
        s.close();
        s.line("v.intoArray(c, o, mask);");
        s.close();
    }
}
