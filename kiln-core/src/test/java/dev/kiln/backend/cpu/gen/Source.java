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
