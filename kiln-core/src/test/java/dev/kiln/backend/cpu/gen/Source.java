package dev.kiln.backend.cpu.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** A Java source text built line by line, four spaces per indentation level; lines end with '\n'. */
final class Source {
    private final StringBuilder text = new StringBuilder();
    private int depth;

    /** Appends one line at the current depth (an empty string gives an empty line). */
    Source line(String s) {
        if (!s.isEmpty()) {
            text.repeat("    ", depth);
        }
        text.append(s).append('\n');
        return this;
    }

    /** Appends a line that opens a block ({@code "for (...) {"}) and indents. */
    Source open(String s) {
        line(s);
        depth++;
        return this;
    }

    /** Outdents, appends a line that closes one block and opens the next ({@code "} else {"}), and indents. */
    Source reopen(String s) {
        depth--;
        line(s);
        depth++;
        return this;
    }

    /** Outdents and closes a block with {@code "}"}. */
    Source close() {
        return close("}");
    }

    /** Outdents and appends a closing line ({@code "}"}, {@code "};"}). */
    Source close(String s) {
        depth--;
        return line(s);
    }

    /** Appends the lines of a Javadoc comment. */
    Source doc(String... lines) {
        if (lines.length == 1) {
            return line("/** " + lines[0] + " */");
        }
        line("/**");
        for (String l : lines) {
            line(l.isEmpty() ? " *" : " * " + l);
        }
        return line(" */");
    }

    /**
     * Opens a kernel class of {@code dev.kiln.backend.cpu}: package, imports, the class Javadoc, the class line,
     * the preferred species S and its length L, and a private constructor.
     */
    Source kernelClass(String name, boolean masks, String... doc) {
        line("package dev.kiln.backend.cpu;").line("");
        line("import jdk.incubator.vector.FloatVector;");
        if (masks) {
            line("import jdk.incubator.vector.VectorMask;");
        }
        line("import jdk.incubator.vector.VectorSpecies;").line("");
        doc(doc);
        open("final class " + name + " {");
        line("private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;");
        line("private static final int L = S.length();").line("");
        return line("private " + name + "() {").line("}");
    }

    /**
     * One step of a register tile's rank-1 update: the vectors {@code vec<v> = load(v)} for v &lt; vectors, then per
     * row i a broadcast {@code bc<i> = scalar(i)} and {@code acc(i, v) = vec<v>·bc<i> + acc(i, v)} for every v.
     */
    Source rankOneUpdate(int rows, int vectors, String vec, IntFunction<String> load, String bc, IntFunction<String> scalar,
            Accumulator acc) {
        for (int v = 0; v < vectors; v++) {
            line("FloatVector " + vec + v + " = " + load.apply(v) + ";");
        }
        for (int i = 0; i < rows; i++) {
            line("FloatVector " + bc + i + " = FloatVector.broadcast(S, " + scalar.apply(i) + ");");
            for (int v = 0; v < vectors; v++) {
                line(acc.name(i, v) + " = " + vec + v + ".fma(" + bc + i + ", " + acc.name(i, v) + ");");
            }
        }
        return this;
    }

    /** The name of the accumulator of tile row i and vector v. */
    @FunctionalInterface
    interface Accumulator {
        String name(int i, int v);
    }

    /** The names {@code f(0), …, f(n−1)}. */
    static List<String> names(int n, IntFunction<String> f) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(f.apply(i));
        }
        return out;
    }

    /** {@code base} plus {@code k·unit}: "base", "base + unit", "base + k * unit". */
    static String plus(String base, int k, String unit) {
        return switch (k) {
            case 0 -> base;
            case 1 -> base + " + " + unit;
            default -> base + " + " + k + " * " + unit;
        };
    }

    /** {@code base} plus a constant: "base", "base + k", "base - k". */
    static String plus(String base, int k) {
        return k == 0 ? base : k > 0 ? base + " + " + k : base + " - " + (-k);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
