package dev.kiln.cli;

import dev.kiln.tune.CategoricalDistribution;
import dev.kiln.tune.Distribution;
import dev.kiln.tune.FloatDistribution;
import dev.kiln.tune.IntDistribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --space} option of {@code kiln tune}: {@code name=spec} entries separated by {@code ;},
 * where name is a {@code kiln train} option and spec one of
 * <ul>
 *   <li>{@code log(a,b)}: a log-uniform range (learning rates, weight decay; integers for int options),
 *   <li>{@code float(a,b)} or {@code float(a,b,step)}: a uniform range,
 *   <li>{@code int(a,b)} or {@code int(a,b,step)}: integers,
 *   <li>{@code choice(v1,v2,…)}: one of the values; quote a value containing commas or parentheses
 *       with single quotes: {@code model=choice(mlp,'linear(64),relu')}.
 * </ul>
 * Example: {@code "lr=log(1e-4,1e-1); batch-size=choice(16,32,64); model=choice(mlp,'linear(64),relu')"}.
 */
final class TuneSpace {

    /** A tunable option of {@code kiln train} and the type of its values. */
    enum Option {
        LR("lr", Kind.FLOAT), WEIGHT_DECAY("weight-decay", Kind.FLOAT), BATCH_SIZE("batch-size", Kind.INT),
        EPOCHS("epochs", Kind.INT), MODEL("model", Kind.TEXT), OPTIMIZER("optimizer", Kind.TEXT),
        SCHEDULER("scheduler", Kind.TEXT), INIT("init", Kind.TEXT);

        final String flag;
        final Kind kind;

        Option(String flag, Kind kind) {
            this.flag = flag;
            this.kind = kind;
        }

        static Option of(String name) {
            for (Option o : values()) {
                if (o.flag.equals(name)) {
                    return o;
                }
            }
            throw bad("unknown option '" + name + "'; tunable options are " + names());
        }

        static String names() {
            List<String> n = new ArrayList<>();
            for (Option o : values()) {
                n.add(o.flag);
            }
            return String.join(", ", n);
        }
    }

    enum Kind { FLOAT, INT, TEXT }

    private TuneSpace() {
    }

    private static IllegalArgumentException bad(String message) {
        return new IllegalArgumentException("--space: " + message);
    }

    /** Parses the option into parameter name → distribution, in the order given. */
    static Map<String, Distribution> parse(String text) {
        if (text == null || text.isBlank()) {
            throw bad("empty; expected entries such as \"lr=log(1e-4,1e-1); batch-size=choice(16,32,64)\"");
        }
        Map<String, Distribution> out = new LinkedHashMap<>();
        for (String entry : split(text, ';')) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw bad("'" + entry.strip() + "' has no '='; expected name=spec such as lr=log(1e-4,1e-1)");
            }
            String name = entry.substring(0, eq).strip().toLowerCase(Locale.ROOT).replaceFirst("^--", "");
            Option option = Option.of(name);
            if (out.containsKey(name)) {
                throw bad("'" + name + "' is given twice");
            }
            out.put(name, distribution(option, entry.substring(eq + 1).strip()));
        }
        if (out.isEmpty()) {
            throw bad("no entries in '" + text + "'");
        }
        return out;
    }

    private static Distribution distribution(Option option, String spec) {
        int open = spec.indexOf('(');
        if (open < 0 || !spec.endsWith(")")) {
            throw bad("'" + option.flag + "=" + spec + "': expected log(a,b), float(a,b), int(a,b) or choice(v1,v2,...)");
        }
        String fn = spec.substring(0, open).strip().toLowerCase(Locale.ROOT);
        List<String> args = split(spec.substring(open + 1, spec.length() - 1), ',').stream().map(String::strip).toList();
        String where = "'" + option.flag + "=" + spec + "'";
        try {
            return switch (fn) {
                case "choice" -> choice(option, args, where);
                case "log" -> {
                    arity(args, 2, 2, where);
                    yield option.kind == Kind.INT ? IntDistribution.log(integer(args.get(0), where), integer(args.get(1), where))
                            : FloatDistribution.log(number(option, args.get(0), where), number(option, args.get(1), where));
                }
                case "float", "uniform" -> {
                    arity(args, 2, 3, where);
                    requireNumeric(option, where);
                    double lo = number(option, args.get(0), where);
                    double hi = number(option, args.get(1), where);
                    yield args.size() == 3 ? FloatDistribution.stepped(lo, hi, number(option, args.get(2), where))
                            : FloatDistribution.uniform(lo, hi);
                }
                case "int" -> {
                    arity(args, 2, 3, where);
                    requireNumeric(option, where);
                    yield IntDistribution.stepped(integer(args.get(0), where), integer(args.get(1), where),
                            args.size() == 3 ? integer(args.get(2), where) : 1);
                }
                default -> throw bad(where + ": unknown range '" + fn + "'; expected log, float, int or choice");
            };
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("--space")) {
                throw e;
            }
            throw bad(where + ": " + e.getMessage());
        }
    }

    private static void requireNumeric(Option option, String where) {
        if (option.kind == Kind.TEXT) {
            throw bad(where + ": " + option.flag + " takes names; use choice(...)");
        }
    }

    private static Distribution choice(Option option, List<String> args, String where) {
        if (args.isEmpty() || args.stream().anyMatch(String::isEmpty)) {
            throw bad(where + ": choice needs non-empty values");
        }
        List<Object> values = new ArrayList<>();
        for (String a : args) {
            String v = unquote(a);
            values.add(switch (option.kind) {
                case TEXT -> v;
                case INT -> integer(v, where);
                case FLOAT -> number(option, v, where);
            });
        }
        return CategoricalDistribution.of(values);
    }

    private static void arity(List<String> args, int min, int max, String where) {
        if (args.size() < min || args.size() > max) {
            throw bad(where + ": expected " + (min == max ? min : min + " or " + max) + " arguments, got " + args.size());
        }
    }

    private static double number(Option option, String s, String where) {
        if (option.kind == Kind.TEXT) {
            throw bad(where + ": " + option.flag + " takes names; use choice(...)");
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw bad(where + ": '" + s + "' is not a number");
        }
    }

    private static int integer(String s, String where) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw bad(where + ": '" + s + "' is not an integer");
        }
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** Splits on {@code sep} outside quotes and parentheses. */
    static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw bad("unbalanced ')' in '" + s + "'");
                }
            } else if (c == sep && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        if (quote != 0) {
            throw bad("unclosed quote in '" + s + "'");
        }
        if (depth != 0) {
            throw bad("unbalanced '(' in '" + s + "'");
        }
        out.add(cur.toString());
        return out;
    }
}
