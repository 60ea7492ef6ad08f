package dev.kiln.backend.cpu.gen;

/**
 * Emits {@code GemmMicroKernel}: the MR×(VECTORS vectors) register kernel of the float32 GEMM, shared by the
 * packed path ({@code Gemm}, B packed into NR-wide slivers, ldb = NR) and the unpacked one
 * ({@code DirectGemm}, B read in place, ldb = its row stride).
 */
final class GemmEmitter {
    /** Rows of the register tile. */
    static final int MR = 12;
    /** Vectors per row of the register tile (NR = VECTORS·L columns). */
    static final int VECTORS = 2;

    private final Source s = new Source();

    /** The class text (without the generated-file header). */
    String emit() {
        s.kernelClass("GemmMicroKernel", false, "The float32 GEMM register kernel: an MR×NR tile of C in " + MR * VECTORS
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
}
