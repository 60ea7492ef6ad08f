package dev.kiln.backend.cpu.gen;

import java.util.List;

/**
 * Emits {@code LaneConvKernels}: the fixed-size register kernels of {@code LaneConv} (forward tiles,
 * weight-gradient tap groups, input-gradient bands), each with its accumulators in named locals so that
 * the JIT keeps them in vector registers, and the switches that pick a kernel by its sizes.
 *
 * <p>The variant sets below are the whole design space the drivers use; the kernel width 1 family is the
 * general one (any tap list, one tap per "row"), widths 3 and 5 reuse each broadcast input for up to kw
 * taps of a kernel row.
 */
final class LaneConvEmitter {
    /** Kernel widths with whole-row forward and weight-gradient kernels (1: one tap at a time). */
    static final int[] ROW_WIDTHS = {1, 3, 5};
    /**
     * Forward run lengths R per kernel width: a tile is two runs of R contiguous output pixels, and the last run
     * of an output row may overlap the one before, so any R up to the row width covers it. Widths 3 and 5 have
     * the lengths that cover the measured workloads' rows exactly (LeNet's 10, the small CNNs' 28, 14 and 7,
     * CIFAR-sized 32, 16, 8, 4); R = 6 is left out (rows of 6 recompute 2 pixels of 8, 12 and 24 are exact with
     * 4 and 8). The general width-1 family (kernel widths other than 3 and 5, one tap per step; no measured
     * workload uses it) has only R = 4 and 8.
     */
    static int[] runs(int kw) {
        return kw == 1 ? new int[] {4, 8} : new int[] {4, 5, 7, 8};
    }
    /** Output pixels per tile of the pixel-table forward (output rows narrower than the shortest run). */
    static final int PIXELS = 8;
    /** Weight-gradient kernels as {kernel width, kernel rows per call, samples per call}. */
    static final int[][] WEIGHT_GRADS = {{5, 2, 2}, {5, 1, 2}, {3, 2, 2}, {3, 1, 2}, {1, 8, 2}, {1, 1, 2}, {1, 8, 1}, {1, 1, 1}};
    /** Input-gradient band kernels as {input channels, vectors, kernel width (0: any, a run-time loop)}. */
    static final int[][] BANDS = {{6, 3, 5}, {3, 4, 5}, {3, 1, 5}, {3, 4, 0}, {3, 1, 0}, {1, 1, 0}};

    private final Source s = new Source();

    /** The class text (without the generated-file header). */
    String emit() {
        s.kernelClass("LaneConvKernels", true, "The fixed-size register kernels of {@link LaneConv} (see there for the layouts and the maths): forward",
                "tiles {@code rows<kw>x<R>}, weight-gradient tap groups {@code weightGrad<kw>x<rows>x<samples>} and",
                "input-gradient bands {@code band<channels>x<vectors>[k5]}. Each keeps its accumulators in named",
                "locals so that they live in vector registers.");
        forwardSwitch();
        for (int kw : ROW_WIDTHS) {
            for (int r : runs(kw)) {
                forwardRows(kw, r);
            }
        }
        forwardPixels();
        weightGradSwitch();
        for (int[] v : WEIGHT_GRADS) {
            weightGrad(v[0], v[1], v[2]);
        }
        for (int[] v : BANDS) {
            band(v[0], v[1], v[2]);
        }
        s.close();
        return s.toString();
    }

    static String forwardName(int kw, int r) {
        return "rows" + kw + "x" + r;
    }

    static String weightGradName(int kw, int rows, int samples) {
        return "weightGrad" + kw + "x" + rows + "x" + samples;
    }

    static String bandName(int ch, int vectors, int kw) {
        return "band" + ch + "x" + vectors + (kw == 0 ? "" : "k" + kw);
    }

    private static final String FORWARD_ARGS = "int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,";
    private static final String FORWARD_CALL = "(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp)";

    private void forwardSwitch() {
        s.line("");
        s.doc("Whether {@link #forwardTile} has a tile for kernel width kw and run length r.");
        s.open("static boolean hasForwardTile(int kw, int r) {");
        s.open("return switch (kw * 10 + r) {");
        StringBuilder cases = new StringBuilder();
        for (int kw : ROW_WIDTHS) {
            for (int r : runs(kw)) {
                cases.append(cases.isEmpty() ? "" : ", ").append(kw * 10 + r);
            }
        }
        s.line("case " + cases + " -> true;");
        s.line("default -> false;");
        s.close("};");
        s.close();
        s.line("");
        s.doc("The forward tile for kernel width kw and run length r: {@code rows<kw>x<r>}.");
        s.line("static void forwardTile(int kw, int r, " + FORWARD_ARGS);
        s.open("        float[] tmp) {");
        s.open("switch (kw * 10 + r) {");
        for (int kw : ROW_WIDTHS) {
            for (int r : runs(kw)) {
                s.line("case " + (kw * 10 + r) + " -> " + forwardName(kw, r) + FORWARD_CALL + ";");
            }
        }
        s.line("default -> throw new IllegalArgumentException(\"no forward tile for kernel width \" + kw + \" and run length \" + r);");
        s.close();
        s.close();
    }

    /**
     * Two runs of R pixels (inputs from x[xa..], x[xb..]); per kernel row, kw weight vectors, and each of the
     * R + kw − 1 broadcast inputs of a run feeds every accumulator whose window covers it.
     */
    private void forwardRows(int kw, int r) {
        List<String> a = Source.names(r, i -> "a" + i);
        List<String> b = Source.names(r, i -> "b" + i);
        s.line("");
        s.doc("Forward tile: two runs of " + r + " pixels (from x[xa], x[xb]), kernel rows of width " + kw
                        + " at {@code rowOff[0..rows)};",
                "{@code tmp[q·L ..] = bias + Σ_row Σ_kx wt[(row·" + kw + " + kx)·ld + v ..]·x[xa + rowOff[row] + q + kx]}, the",
                "second run from {@code tmp[" + r + "·L]} on.");
        s.line("static void " + forwardName(kw, r) + "(" + FORWARD_ARGS);
        s.open("        float[] tmp) {");
        s.line("FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);");
        s.line("FloatVector " + String.join(", ", Source.names(r, i -> a.get(i) + " = z")) + ";");
        s.line("FloatVector " + String.join(", ", Source.names(r, i -> b.get(i) + " = z")) + ";");
        s.open("for (int r = 0; r < rows; r++) {");
        s.line("int wo = " + (kw == 1 ? "r" : "r * " + kw) + " * ld + v;");
        for (int kx = 0; kx < kw; kx++) {
            s.line("FloatVector w" + kx + " = FloatVector.fromArray(S, wt, " + Source.plus("wo", kx, "ld") + ");");
        }
        s.line("int ia = xa + rowOff[r];");
        s.line("int ib = xb + rowOff[r];");
        s.line("FloatVector e;");
        for (String run : List.of("a", "b")) {
            for (int j = 0; j < r + kw - 1; j++) {
                s.line("e = FloatVector.broadcast(S, x[" + Source.plus("i" + run, j) + "]);");
                for (int kx = 0; kx < kw; kx++) {
                    int q = j - kx;
                    if (q >= 0 && q < r) {
                        s.line(run + q + " = w" + kx + ".fma(e, " + run + q + ");");
                    }
                }
            }
        }
        s.close();
        for (int q = 0; q < r; q++) {
            s.line(a.get(q) + ".intoArray(tmp, " + (q == 0 ? "0" : q + " * L") + ");");
        }
        for (int q = 0; q < r; q++) {
            s.line(b.get(q) + ".intoArray(tmp, " + (r + q) + " * L);");
        }
        s.close();
    }

    /** PIXELS pixels at arbitrary offsets (from the pixel table), one tap at a time, scattered straight into y. */
    private void forwardPixels() {
        int n = PIXELS;
        s.line("");
        s.doc("Forward tile of " + n + " pixels at the offsets {@code pixOff[p..p+" + n + ")}, one tap at a time:",
                "{@code y[yv + idx[l] + min(p + q, np − 1)] = bias + Σ_t wt[t·ld + v + l]·x[xOff + pixOff[p + q] + tapOff[t]]}",
                "(pixels past np repeat the last one and store the same value again).");
        s.line("static void forward" + n + "(int k, float[] wt, int v, int ld, int[] tapOff, float[] x, int xOff, int[] pixOff, int p,");
        s.open("        float[] bias, float[] y, int yv, int np, int[] idx, VectorMask<Float> m) {");
        s.line("FloatVector b = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);");
        for (int q = 0; q < n; q++) {
            s.line("int x" + q + " = xOff + pixOff[" + Source.plus("p", q) + "];");
        }
        s.line("FloatVector " + String.join(", ", Source.names(n, q -> "a" + q + " = b")) + ";");
        s.open("for (int t = 0; t < k; t++) {");
        s.line("FloatVector w = FloatVector.fromArray(S, wt, t * ld + v);");
        s.line("int s = tapOff[t];");
        for (int q = 0; q < n; q++) {
            s.line("a" + q + " = w.fma(FloatVector.broadcast(S, x[x" + q + " + s]), a" + q + ");");
        }
        s.close();
        for (int q = 0; q < n; q++) {
            s.line("LaneConv.scatter(a" + q + ", y, yv + Math.min(" + Source.plus("p", q) + ", np - 1), idx, m);");
        }
        s.close();
    }

    private static final String WEIGHT_GRAD_ARGS = "int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x, int xOff,";
    private static final String WEIGHT_GRAD_CALL = "(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc)";

    private void weightGradSwitch() {
        s.line("");
        s.doc("The weight-gradient kernel for kernel width kw, kernel rows per call and samples per call:",
                "{@code weightGrad<kw>x<rows>x<samples>}.");
        s.line("static void weightGrad(int kw, int rows, int samples, " + WEIGHT_GRAD_ARGS);
        s.open("        int xBs, float[] dyT, float[] acc) {");
        s.open("switch (kw * 100 + rows * 10 + samples) {");
        for (int[] w : WEIGHT_GRADS) {
            s.line("case " + (w[0] * 100 + w[1] * 10 + w[2]) + " -> " + weightGradName(w[0], w[1], w[2]) + WEIGHT_GRAD_CALL + ";");
        }
        s.line("default -> throw new IllegalArgumentException(\"no weight-gradient kernel for kernel width \" + kw + \", \" + rows");
        s.line("        + \" rows and \" + samples + \" samples\");");
        s.close();
        s.close();
    }

    /**
     * The weight gradient of kernel rows r..r+rows−1 (kw taps each) for samples s..s+samples−1: one
     * accumulator chain per tap and sample, the samples' chains added at the end.
     */
    private void weightGrad(int kw, int rows, int samples) {
        int taps = kw * rows;
        s.line("");
        s.doc("{@code acc[(r·" + kw + " + i)·ld + v ..] += Σ_{oy,ox} dyT[s'·np·ld + (oy·ow + ox)·ld + v ..]·x[xOff + s'·xBs + oy·wp + ox + rowOff[r + i / "
                        + kw + "] + i % " + kw + "]}",
                "for the " + taps + " taps i of kernel rows r.." + (rows == 1 ? "r" : "r+" + (rows - 1)) + " (width " + kw + ") and sample"
                        + (samples == 1 ? " s' = s" : "s s' = s, s+1") + ".");
        s.line("static void " + weightGradName(kw, rows, samples) + "(" + WEIGHT_GRAD_ARGS);
        s.open("        int xBs, float[] dyT, float[] acc) {");
        s.line("int o0 = " + (kw == 1 ? "r" : "r * " + kw) + " * ld + v;");
        for (int i = 0; i < taps; i++) {
            s.line("FloatVector a" + i + " = FloatVector.fromArray(S, acc, " + Source.plus("o0", i, "ld") + ");");
        }
        if (samples == 2) {
            s.line("FloatVector " + String.join(", ", Source.names(taps, i -> i == 0 ? "b0 = FloatVector.zero(S)" : "b" + i + " = b0")) + ";");
        }
        for (int j = 0; j < rows; j++) {
            s.line("int r" + j + " = rowOff[" + Source.plus("r", j) + "];");
        }
        s.line("int np = oh * ow;");
        s.line("int xs = xOff + s * xBs;");
        s.line("int ds = s * np * ld + v;");
        s.open("for (int oy = 0; oy < oh; oy++) {");
        s.line("int xr = xs + oy * wp;");
        s.line("int dr = ds + oy * ow * ld;");
        s.open("for (int ox = 0; ox < ow; ox++) {");
        s.line("FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);");
        if (samples == 2) {
            s.line("FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);");
        }
        for (int j = 0; j < rows; j++) {
            s.line("int i" + j + " = xr + ox + r" + j + ";");
        }
        for (int i = 0; i < taps; i++) {
            s.line("a" + i + " = d.fma(FloatVector.broadcast(S, x[" + Source.plus("i" + i / kw, i % kw) + "]), a" + i + ");");
        }
        if (samples == 2) {
            for (int i = 0; i < taps; i++) {
                s.line("b" + i + " = e.fma(FloatVector.broadcast(S, x[" + Source.plus("i" + i / kw + " + xBs", i % kw) + "]), b" + i + ");");
            }
        }
        s.close();
        s.close();
        for (int i = 0; i < taps; i++) {
            s.line("a" + i + (samples == 2 ? ".add(b" + i + ")" : "") + ".intoArray(acc, " + Source.plus("o0", i, "ld") + ");");
        }
        s.close();
    }

    /**
     * The input gradient of a band of {@code vectors} vectors of the wide rows for {@code ch} input channels at
     * kernel row ky: the dY vectors of one output channel and kx are loaded once and used for every channel.
     * kw 0: the kernel width is a run-time argument (a loop over kx); else kx is unrolled.
     */
    private void band(int ch, int vectors, int kw) {
        List<String> d = Source.names(vectors, v -> "d" + v);
        s.line("");
        s.doc("{@code dxp[(ci + c)·plane + ky·wp + u + j] += Σ_{o,kx} wt[(((ci + c)·kh + ky)·kw + kx)·ld + o]·dyz[o·lz + kw − 1 + u + j − kx]}",
                "for the " + ch + " channel" + (ch == 1 ? "" : "s") + " c and the " + vectors + " vector" + (vectors == 1 ? "" : "s")
                        + " of j" + (kw == 0 ? "" : " (kw = " + kw + ")") + ".");
        String kwArg = kw == 0 ? "int kw, " : "";
        s.line("static void " + bandName(ch, vectors, kw) + "(int ci, int ky, int u, int kh, " + kwArg
                + "int co, int ld, int lz, int plane, int wp, float[] wt,");
        s.open("        float[] dyz, float[] dxp) {");
        s.line("FloatVector " + String.join(", ", Source.names(ch * vectors,
                i -> "a" + i / vectors + i % vectors + (i == 0 ? " = FloatVector.zero(S)" : " = a00"))) + ";");
        String k = kw == 0 ? "kw" : String.valueOf(kw);
        s.line("int kk = kh * " + k + " * ld;");
        s.line("int t0 = (ci * kh + ky) * " + k + " * ld;");
        s.open("for (int o = 0; o < co; o++) {");
        s.line("int dz = o * lz + u + " + (kw == 0 ? "kw - 1" : String.valueOf(kw - 1)) + ";");
        s.line("int wi = t0 + o;");
        if (kw == 0) {
            s.open("for (int kx = 0; kx < kw; kx++) {");
            bandStep(ch, d, "dz - kx", "wi + kx * ld", true);
            s.close();
        } else {
            for (int kx = 0; kx < kw; kx++) {
                bandStep(ch, d, Source.plus("dz", -kx), Source.plus("wi", kx, "ld"), kx == 0);
            }
        }
        s.close();
        s.line("int x0 = ci * plane + ky * wp + u;");
        for (int c = 0; c < ch; c++) {
            for (int v = 0; v < vectors; v++) {
                String at = Source.plus(Source.plus("x0", c, "plane"), v, "L");
                s.line("FloatVector.fromArray(S, dxp, " + at + ").add(a" + c + v + ").intoArray(dxp, " + at + ");");
            }
        }
        s.close();
    }

    /** One kx step of a band kernel: load the dY vectors at {@code dAt}, then per channel one weight broadcast and the FMAs. */
    private void bandStep(int ch, List<String> d, String dAt, String wAt, boolean declare) {
        String type = declare ? "FloatVector " : "";
        for (int v = 0; v < d.size(); v++) {
            s.line(type + d.get(v) + " = FloatVector.fromArray(S, dyz, " + Source.plus(dAt, v, "L") + ");");
        }
        for (int c = 0; c < ch; c++) {
            s.line(type + "w" + c + " = FloatVector.broadcast(S, wt[" + Source.plus(wAt, c, "kk") + "]);");
            for (int v = 0; v < d.size(); v++) {
                s.line("a" + c + v + " = " + d.get(v) + ".fma(w" + c + ", a" + c + v + ");");
            }
        }
    }
}
