package dev.kiln.io;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format, the weight format of PyTorch and Hugging Face.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON mapping each
 * tensor name to {@code {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}} (offsets
 * relative to the data section) plus an optional {@code "__metadata__"} map of strings; then the
 * raw little-endian data. Reading validates what the specification requires: a header that fits
 * the file, known dtypes, byte ranges that match the shapes, stay inside the data section, do not
 * overlap and leave no hole. A bad file is refused with its name, the key and the reason.
 *
 * <p>Writing goes to a temporary file in the same folder that is then renamed over the target,
 * so an interrupted write never destroys the previous good file.
 *
 * <pre>{@code
 * Safetensors.write(Path.of("model.safetensors"), model.stateDict(), Map.of("format", "pt"));
 * Map<String, Tensor> weights = Safetensors.read(Path.of("model.safetensors")).tensors();
 * }</pre>
 */
public final class Safetensors {
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private Safetensors() {
    }

    /** The content of a safetensors file: tensors in file order and the string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Reads and validates a file. */
    public static Contents read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file");
        }
        return fromBytes(Files.readAllBytes(path), path.toString());
    }

    /** Reads and validates an in-memory file; {@code source} names it in error messages. */
    public static Contents fromBytes(byte[] bytes, String source) throws IOException {
        if (bytes.length < 8) {
            throw new IOException(source + ": not a safetensors file (only " + bytes.length + " bytes; the header length needs 8)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - 8) {
            throw new IOException(source + ": header length " + Long.toUnsignedString(headerLength) + " does not fit a file of "
                    + bytes.length + " bytes (truncated or not safetensors)");
        }
        String headerText = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        Map<String, Object> header;
        try {
            header = Json.parseObject(headerText.stripTrailing());
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": corrupt header: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = bytes.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            String key = e.getKey();
            if (key.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new IOException(source + ": __metadata__ must be an object of strings");
                }
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String s)) {
                        throw new IOException(source + ": __metadata__ value for '" + me.getKey() + "' is not a string");
                    }
                    metadata.put(String.valueOf(me.getKey()), s);
                }
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> info)) {
                throw new IOException(source + ": key '" + key + "': entry is not an object");
            }
            String dtype = info.get("dtype") instanceof String s ? s : null;
            if (!(info.get("shape") instanceof List<?> shapeList) || !(info.get("data_offsets") instanceof List<?> offsets)
                    || dtype == null || offsets.size() != 2) {
                throw new IOException(source + ": key '" + key + "': needs dtype, shape and data_offsets [begin, end]");
            }
            int[] shape = new int[shapeList.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                    throw new IOException(source + ": key '" + key + "': invalid shape " + shapeList);
                }
                shape[i] = (int) (long) d;
            }
            if (!(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end) || begin < 0 || end < begin) {
                throw new IOException(source + ": key '" + key + "': invalid data_offsets " + offsets);
            }
            int itemSize = itemSize(dtype);
            if (itemSize < 0) {
                throw new IOException(source + ": key '" + key + "': unsupported dtype " + dtype);
            }
            long numel = 1;
            for (int s : shape) {
                numel *= s;
            }
            if (end - begin != numel * itemSize) {
                throw new IOException(source + ": key '" + key + "': " + (end - begin) + " bytes of data for " + dtype + " shape "
                        + Shape.str(shape) + " (expected " + numel * itemSize + ")");
            }
            if (end > dataLength) {
                throw new IOException(source + ": key '" + key + "': data ends at byte " + end + " but the data section has only "
                        + dataLength + " bytes (truncated file)");
            }
            ranges.add(new long[] {begin, end});
            tensors.put(key, decode(buf, dataStart + (int) (long) begin, dtype, shape));
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long expected = 0;
        for (long[] r : ranges) {
            if (r[0] != expected) {
                throw new IOException(source + ": tensor data " + (r[0] < expected ? "overlaps" : "leaves a hole") + " at byte "
                        + Math.min(r[0], expected) + " of the data section");
            }
            expected = r[1];
        }
        if (expected != dataLength) {
            throw new IOException(source + ": " + (dataLength - expected) + " bytes after the last tensor are not described by the header");
        }
        return new Contents(tensors, metadata);
    }

    private static int itemSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    private static Tensor decode(ByteBuffer buf, int at, String dtype, int[] shape) {
        int n = Shape.numel(shape);
        switch (dtype) {
            case "F32" -> {
                float[] d = new float[n];
                buf.slice(at, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(d);
                return Tensor.fromArray(d, shape);
            }
            case "F64" -> {
                double[] d = new double[n];
                buf.slice(at, n * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(d);
                return Tensor.fromArray(d, shape);
            }
            case "I64", "U64" -> {
                long[] d = new long[n];
                buf.slice(at, n * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(d);
                return Tensor.fromArray(d, shape);
            }
            case "BOOL" -> {
                boolean[] d = new boolean[n];
                for (int i = 0; i < n; i++) {
                    d[i] = buf.get(at + i) != 0;
                }
                return Tensor.fromArray(d, shape);
            }
            case "F16", "BF16" -> {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    short bits = buf.getShort(at + 2 * i);
                    d[i] = dtype.equals("F16") ? Float.float16ToFloat(bits) : Float.intBitsToFloat((bits & 0xFFFF) << 16);
                }
                return Tensor.fromArray(d, shape);
            }
            default -> {
                long[] d = new long[n];
                for (int i = 0; i < n; i++) {
                    d[i] = switch (dtype) {
                        case "I32" -> buf.getInt(at + 4 * i);
                        case "U32" -> Integer.toUnsignedLong(buf.getInt(at + 4 * i));
                        case "I16" -> buf.getShort(at + 2 * i);
                        case "U16" -> Short.toUnsignedInt(buf.getShort(at + 2 * i));
                        case "I8" -> buf.get(at + i);
                        default -> Byte.toUnsignedInt(buf.get(at + i));
                    };
                }
                return Tensor.fromArray(d, shape);
            }
        }
    }

    /** The safetensors dtype name of a Kiln type. */
    public static String dtypeName(DType type) {
        return switch (type) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
        };
    }

    /**
     * Serialises tensors and metadata to bytes, byte-reproducibly: the metadata and the tensors
     * (header entries and data alike) in the order of their names, whatever the maps' order.
     *
     * @param unordered the tensors by name
     * @param metadata string metadata, or null
     * @return the file's bytes
     */
    public static byte[] toBytes(Map<String, Tensor> unordered, Map<String, String> metadata) {
        Map<String, Tensor> tensors = new java.util.TreeMap<>(unordered);
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put("__metadata__", new java.util.TreeMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long size = (long) t.numel() * (t.dtype() == DType.BOOL ? 1 : t.dtype().itemSize());
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", dtypeName(t.dtype()));
            info.put("shape", t.shape());
            info.put("data_offsets", new long[] {offset, offset + size});
            header.put(e.getKey(), info);
            offset += size;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            switch (t.dtype()) {
                case FLOAT32 -> {
                    for (float v : t.toFloatArray()) {
                        out.putFloat(v);
                    }
                }
                case FLOAT64 -> {
                    for (double v : t.toDoubleArray()) {
                        out.putDouble(v);
                    }
                }
                case INT64 -> {
                    for (long v : t.toLongArray()) {
                        out.putLong(v);
                    }
                }
                case BOOL -> {
                    for (boolean v : t.toBooleanArray()) {
                        out.put((byte) (v ? 1 : 0));
                    }
                }
            }
        }
        return out.array();
    }

    /** Writes a file atomically: to a temporary file beside it, then renamed over the target. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        writeAtomically(path, toBytes(tensors, metadata));
    }

    /**
     * Writes bytes to a temporary file in the target's folder, syncs, and renames it over the
     * target, so that a failed write never destroys the previous file; the file is readable by all
     * (0644 on POSIX systems).
     */
    public static void writeAtomically(Path path, byte[] bytes) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
        try {
            try {
                // a temporary file is private (0600); the result is readable like any other file (0644)
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file inherits the folder's access rules
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
