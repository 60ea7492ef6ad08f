package dev.kiln.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer (RFC 8259), so that the core needs no dependency.
 *
 * <p>Values map to Java as: object → {@code LinkedHashMap<String,Object>} (key order kept),
 * array → {@code ArrayList<Object>}, string → {@code String}, number → {@code Long} when it is an
 * integer that fits, else {@code Double}, true/false → {@code Boolean}, null → {@code null}.
 *
 * <p>Reading is strict, because it reads files from anywhere (safetensors headers, checkpoints,
 * run configurations): anything outside the RFC 8259 grammar, a duplicate key or nesting deeper
 * than {@link #MAX_DEPTH} is refused with an {@link IllegalArgumentException} giving the line and
 * column; no input makes it throw anything else.
 *
 * <pre>{@code
 * Map<String, Object> doc = Json.parseObject("{\"epoch\": 3, \"lr\": 0.01}");
 * String text = Json.write(doc);
 * }</pre>
 */
public final class Json {
    /**
     * The deepest nesting of arrays and objects accepted: deeper input is refused with an
     * {@link IllegalArgumentException} instead of exhausting the thread's stack.
     */
    public static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses any JSON value, strictly: RFC 8259 grammar (no trailing commas, no leading zeros, no
     * control characters in strings, no lone surrogates), no duplicate keys in an object, nesting at
     * most {@link #MAX_DEPTH} deep.
     *
     * @param text one JSON value
     * @return the value as Map (objects, in key order), List, String, Long, Double, Boolean or null
     * @throws IllegalArgumentException naming the line and column of the first error
     */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipWhitespace();
        Object v = p.value();
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected trailing characters");
        }
        return v;
    }

    /**
     * Parses a JSON object (see {@link #parse}).
     *
     * @param text a JSON object
     * @return its members in key order
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("JSON: expected an object at the top level");
        }
        return (Map<String, Object>) v;
    }

    /**
     * Reads the JSON object in {@code file}: at most {@code maxBytes} bytes of strict UTF-8.
     *
     * @param file the file
     * @param maxBytes the largest size the file may have
     * @param what what the file holds, for the message about a too large file ("a training state")
     * @return the object's members in key order
     * @throws IOException naming the file when it cannot be read, is larger than {@code maxBytes},
     *         or is not UTF-8 JSON with an object at the top level ("corrupt")
     */
    public static Map<String, Object> readObject(Path file, long maxBytes, String what) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IOException(file + ": " + size + " bytes is more than " + what + " can be (corrupt)");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return parseObject(decodeUtf8(bytes, 0, bytes.length));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes UTF-8 bytes strictly (malformed or truncated sequences are refused, not replaced).
     *
     * @param bytes the buffer
     * @param offset the first byte to decode
     * @param length the number of bytes to decode
     * @return the text
     * @throws IllegalArgumentException naming the byte offset of the first invalid sequence
     */
    public static String decodeUtf8(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-8 at byte " + (in.position() - offset));
        }
    }

    private IllegalArgumentException error(String message) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new IllegalArgumentException("JSON: " + message + " at line " + line + ", column " + col);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                break;
            }
        }
    }

    private Object value() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{', '[' -> {
                if (++depth > MAX_DEPTH) {
                    throw error("nesting deeper than " + MAX_DEPTH + " levels");
                }
                Object v = c == '{' ? object() : array();
                depth--;
                yield v;
            }
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character " + describe(c));
            }
        };
    }

    private static String describe(char c) {
        return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
        return value;
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (opensEmpty('}')) {
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            if (peek() != ':') {
                throw error("expected ':'");
            }
            pos++;
            skipWhitespace();
            Object v = value();
            if (map.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            map.put(key, v);
            if (endsAfterElement('}')) {
                return map;
            }
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        if (opensEmpty(']')) {
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value());
            if (endsAfterElement(']')) {
                return list;
            }
        }
    }

    /**
     * Reads the opening bracket of an object or array.
     *
     * @param close its closing bracket, '}' or ']'
     * @return true when the closing bracket follows at once (read too): the object or array is empty
     */
    private boolean opensEmpty(char close) {
        pos++;
        skipWhitespace();
        if (peek() != close) {
            return false;
        }
        pos++;
        return true;
    }

    /**
     * Reads what follows an element of an object or array: the closing bracket or a comma.
     *
     * @param close the closing bracket, '}' or ']'
     * @return true after the closing bracket, false after a comma (another element follows)
     */
    private boolean endsAfterElement(char close) {
        skipWhitespace();
        char c = peek();
        if (c != close && c != ',') {
            throw error("expected ',' or '" + close + "'");
        }
        pos++;
        return c == close;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos);
    }

    private String string() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = peek();
            if (c < 0x20) {
                throw error("control character " + describe(c) + " in a string (must be escaped)");
            }
            pos++;
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                char e = peek();
                pos++;
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(hex4());
                    default -> {
                        pos--;
                        throw error("invalid escape \\" + describe(e));
                    }
                }
            } else {
                sb.append(c);
            }
        }
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < sb.length() && Character.isLowSurrogate(sb.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                pos--;
                throw error("lone surrogate U+" + String.format("%04X", (int) c) + " in a string");
            }
        }
        return sb.toString();
    }

    private char hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char c = peek();
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw error("invalid \\u escape (needs four hex digits)");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    /** A number by the RFC 8259 grammar: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '0') {
            pos++;
        } else if (digits() == 0) {
            throw error("invalid number (a digit must follow '-')");
        }
        boolean integral = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            integral = false;
            if (digits() == 0) {
                throw error("invalid number (a digit must follow '.')");
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            integral = false;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("invalid number (a digit must follow the exponent)");
            }
        }
        if (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            throw error("invalid number");
        }
        String s = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException tooLarge) {
                // outside the range of long: kept as the nearest double, like other JSON readers
            }
        }
        return Double.parseDouble(s);
    }

    private int digits() {
        int n = 0;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
            n++;
        }
        return n;
    }

    /**
     * Writes a value (maps, lists, strings, numbers, booleans, null, double[]/long[]/int[]) as compact JSON.
     *
     * @param value a Map, List, String, Number, Boolean or null, nested
     * @return its JSON text
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                quote(sb, d.isNaN() ? "NaN" : (d > 0 ? "Infinity" : "-Infinity"));
            } else {
                sb.append(d);
            }
        } else if (v instanceof Float f) {
            write(sb, f.doubleValue());
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Iterable<?> it) {
            sb.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (v instanceof double[] a) {
            List<Object> l = new ArrayList<>();
            for (double d : a) {
                l.add(d);
            }
            write(sb, l);
        } else if (v instanceof long[] a) {
            List<Object> l = new ArrayList<>();
            for (long d : a) {
                l.add(d);
            }
            write(sb, l);
        } else if (v instanceof int[] a) {
            List<Object> l = new ArrayList<>();
            for (int d : a) {
                l.add(d);
            }
            write(sb, l);
        } else {
            throw new IllegalArgumentException("JSON: cannot write a " + v.getClass().getName());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
