package dev.kiln.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated JSON header of a safetensors file, checked with the strictness of the reference
 * implementation (huggingface/safetensors) before a single tensor byte is read or allocated:
 *
 * <ul>
 * <li>the header is valid UTF-8, starts with <code>{</code>, is strict JSON without duplicate keys;</li>
 * <li>{@code __metadata__}, when present, maps strings to strings;</li>
 * <li>every other key names an object with a known {@code dtype}, a {@code shape} of non-negative
 *     integers and {@code data_offsets [begin, end]} with {@code begin <= end};</li>
 * <li>the element count (product of the shape) and byte size are computed with overflow checks,
 *     and {@code end - begin} equals that byte size;</li>
 * <li>the byte ranges, sorted, cover the data section exactly: no hole, no overlap, nothing after
 *     the last tensor and nothing past the end of the file.</li>
 * </ul>
 *
 * @param tensors  the tensor entries in header order
 * @param metadata   the {@code __metadata__} strings
 * @param dataLength the length of the data section the tensors cover
 */
record SafetensorsHeader(List<Entry> tensors, Map<String, String> metadata, long dataLength) {
    /** The largest header the reference implementation accepts: 100,000,000 bytes. */
    static final long MAX_HEADER = 100_000_000L;

    /**
     * One tensor of the header.
     *
     * @param name  its key
     * @param dtype its safetensors dtype name (a Kiln-readable one)
     * @param shape its dimensions
     * @param numel the product of the dimensions (at most {@link Integer#MAX_VALUE} - 8, a Java array)
     * @param begin offset of its first byte in the data section
     * @param end   offset after its last byte in the data section
     */
    record Entry(String name, String dtype, int[] shape, int numel, long begin, long end) {
    }

    /**
     * Parses and validates a header.
     *
     * @param bytes      the header bytes (after the 8-byte length)
     * @param dataLength the length of the data section (file length - 8 - header length)
     * @param source     names the file in messages
     * @throws IOException naming {@code source}, the key and the reason when anything is wrong
     */
    static SafetensorsHeader parse(byte[] bytes, long dataLength, String source) throws IOException {
        if (bytes.length == 0 || bytes[0] != '{') {
            throw new IOException(source + ": corrupt header: it does not start with '{' (not a safetensors file?)");
        }
        Map<String, Object> json;
        try {
            json = Json.parseObject(Json.decodeUtf8(bytes, 0, bytes.length));
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": corrupt header: " + e.getMessage(), e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            String key = e.getKey();
            if (key.equals("__metadata__")) {
                metadata(e.getValue(), metadata, source);
            } else {
                entries.add(entry(key, e.getValue(), dataLength, source));
            }
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry t : sorted) {
            if (t.begin() != expected) {
                throw new IOException(source + ": key '" + t.name() + "': its data " + (t.begin() < expected ? "overlaps the previous tensor"
                        : "leaves a hole of " + (t.begin() - expected) + " bytes") + " at byte " + Math.min(t.begin(), expected)
                        + " of the data section");
            }
            expected = t.end();
        }
        if (expected != dataLength) {
            throw new IOException(source + ": " + (dataLength - expected) + " bytes after the last tensor are not described by the header");
        }
        return new SafetensorsHeader(List.copyOf(entries), metadata, dataLength);
    }

    private static void metadata(Object value, Map<String, String> into, String source) throws IOException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IOException(source + ": corrupt header: __metadata__ must be an object of strings");
        }
        for (Map.Entry<?, ?> me : m.entrySet()) {
            if (!(me.getValue() instanceof String s)) {
                throw new IOException(source + ": corrupt header: __metadata__ value for '" + printable(String.valueOf(me.getKey()))
                        + "' is not a string");
            }
            into.put(String.valueOf(me.getKey()), s);
        }
    }

    private static Entry entry(String key, Object value, long dataLength, String source) throws IOException {
        String where = source + ": key '" + printable(key) + "': ";
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new IOException(where + "the name contains a control character");
            }
        }
        if (!(value instanceof Map<?, ?> info)) {
            throw new IOException(where + "entry is not an object");
        }
        if (!(info.get("dtype") instanceof String dtype) || !(info.get("shape") instanceof List<?> shapeList)
                || !(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2) {
            throw new IOException(where + "needs dtype, shape and data_offsets [begin, end]");
        }
        int bits = bits(dtype);
        if (bits == 0) {
            throw new IOException(where + (KNOWN_UNSUPPORTED.contains(dtype) ? "dtype " + dtype + " is not supported by Kiln"
                    : "unknown dtype '" + printable(dtype) + "'"));
        }
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        boolean overflow = false;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0) {
                throw new IOException(where + "invalid shape " + shapeList + " (dimensions must be non-negative integers)");
            }
            try {
                numel = Math.multiplyExact(numel, d);
            } catch (ArithmeticException e) {
                overflow = true;
            }
            shape[i] = (int) Math.min(d, Integer.MAX_VALUE);
        }
        if (!(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end) || begin < 0 || end < begin) {
            throw new IOException(where + "invalid data_offsets " + offsets + " (need integers 0 <= begin <= end)");
        }
        long bytes = overflow ? -1 : numel > Long.MAX_VALUE / bits ? -1 : numel * bits / 8;
        if (bytes < 0) {
            throw new IOException(where + "shape " + shapeList + " has more elements than a 64-bit count can hold");
        }
        if (end - begin != bytes) {
            throw new IOException(where + (end - begin) + " bytes of data for " + dtype + " shape " + shapeList + " (expected " + bytes + ")");
        }
        if (end > dataLength) {
            throw new IOException(where + "data ends at byte " + end + " but the data section has only " + dataLength
                    + " bytes (truncated file)");
        }
        if (numel > Integer.MAX_VALUE - 8) {
            throw new IOException(where + "shape " + shapeList + " has " + numel + " elements; Kiln tensors hold at most "
                    + (Integer.MAX_VALUE - 8));
        }
        return new Entry(key, dtype, shape, (int) numel, begin, end);
    }

    /** Bits per element of a dtype Kiln reads, 0 for any other name. */
    static int bits(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 64;
            case "F32", "I32", "U32" -> 32;
            case "F16", "BF16", "I16", "U16" -> 16;
            case "I8", "U8", "BOOL" -> 8;
            default -> 0;
        };
    }

    /** Dtype names of the specification that Kiln does not decode. */
    private static final List<String> KNOWN_UNSUPPORTED = List.of("F8_E5M2", "F8_E4M3", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64");

    /** A name for a message: control characters and overlong names shortened so a message stays one readable line. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 80; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.length() < 80 ? sb.toString() : sb + "...";
    }
}
