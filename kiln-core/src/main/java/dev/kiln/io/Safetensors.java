package dev.kiln.io;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format, the weight format of PyTorch and Hugging Face.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON mapping each
 * tensor name to {@code {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}} (offsets
 * relative to the data section) plus an optional {@code "__metadata__"} map of strings; then the
 * raw little-endian data. Reading validates with the reference implementation's strictness (see
 * {@link SafetensorsHeader}: strict UTF-8 JSON of at most 100 MB, no duplicate keys, known dtypes,
 * overflow-checked shapes, byte ranges that cover the data section exactly) before it allocates any
 * tensor, and memory-maps the data so files over 2 GiB work. A bad file is refused with an
 * {@link IOException} naming the file, the key and the reason; no input makes it throw anything else.
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
    private Safetensors() {
    }

    /**
     * The content of a safetensors file: tensors in file order and the string metadata.
     *
     * @param tensors the tensors by name, in file order
     * @param metadata the string pairs of the header's {@code __metadata__} (empty when it has none)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /**
     * Reads and validates a file. The data section is memory-mapped rather than read into one
     * array, so files larger than 2 GiB work (each tensor must fit a Java array); everything is
     * validated (see {@link SafetensorsHeader}) before any tensor is allocated.
     *
     * @param path the .safetensors file
     * @return its tensors and metadata
     * @throws IOException naming the file, the key and the reason when the file is not a valid safetensors file
     */
    public static Contents read(Path path) throws IOException {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw new IOException(source + ": is a folder, not a safetensors file");
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(source + ": no such file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            SafetensorsHeader h = readHeader(ch, source);
            long dataStart = size - h.dataLength();
            MemorySegment data = size == dataStart ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, dataStart, size - dataStart, arena);
            return decodeAll(h, data, source);
        }
    }

    /**
     * One tensor as the header of a file describes it.
     *
     * @param name  its key
     * @param dtype its safetensors dtype name
     * @param shape its dimensions
     */
    public record TensorInfo(String name, String dtype, int[] shape) {
    }

    /**
     * Reads and validates only the header of a file (as {@link #read} does), without reading any
     * tensor data: to check names and shapes against a model before loading a large file.
     *
     * @param path the .safetensors file
     * @return each tensor's name, dtype, shape and byte range, without reading the data
     * @throws IOException if the file cannot be read or written, or is not a valid safetensors file (the message names the path and the problem)
     */
    public static List<TensorInfo> header(Path path) throws IOException {
        String source = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new IOException(source + (Files.isDirectory(path) ? ": is a folder, not a safetensors file" : ": no such file"));
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            List<TensorInfo> out = new ArrayList<>();
            for (SafetensorsHeader.Entry e : readHeader(ch, source).tensors()) {
                out.add(new TensorInfo(e.name(), e.dtype(), e.shape().clone()));
            }
            return out;
        }
    }

    private static SafetensorsHeader readHeader(FileChannel ch, String source) throws IOException {
        long size = ch.size();
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lengthBytes, 0);
        if (lengthBytes.position() < 8) {
            throw new IOException(source + ": not a safetensors file (only " + size + " bytes; the header length needs 8)");
        }
        long headerLength = checkHeaderLength(lengthBytes.getLong(0), size, source);
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        readFully(ch, header, 8);
        if (header.hasRemaining()) {
            throw new IOException(source + ": truncated while reading the header");
        }
        return SafetensorsHeader.parse(header.array(), size - 8 - headerLength, source);
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = ch.read(into, position + into.position());
            if (n < 0) {
                return;
            }
        }
    }

    private static long checkHeaderLength(long headerLength, long fileLength, String source) throws IOException {
        if (headerLength < 2 || headerLength > SafetensorsHeader.MAX_HEADER || headerLength > fileLength - 8) {
            throw new IOException(source + ": header length " + Long.toUnsignedString(headerLength) + " does not fit a file of " + fileLength
                    + " bytes" + (Long.compareUnsigned(headerLength, SafetensorsHeader.MAX_HEADER) > 0
                            ? " (the format allows at most " + SafetensorsHeader.MAX_HEADER + "; not safetensors)" : " (truncated or not safetensors)"));
        }
        return headerLength;
    }

    /**
     * Reads and validates an in-memory file; {@code source} names it in error messages.
     *
     * @param bytes the whole file's contents
     * @param source names the data in error messages (a path or a description)
     * @return the tensors and metadata
     * @throws IOException if the bytes are not a valid safetensors file
     */
    public static Contents fromBytes(byte[] bytes, String source) throws IOException {
        if (bytes.length < 8) {
            throw new IOException(source + ": not a safetensors file (only " + bytes.length + " bytes; the header length needs 8)");
        }
        long headerLength = checkHeaderLength(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0), bytes.length, source);
        int dataStart = 8 + (int) headerLength;
        SafetensorsHeader h = SafetensorsHeader.parse(Arrays.copyOfRange(bytes, 8, dataStart), bytes.length - (long) dataStart, source);
        return decodeAll(h, MemorySegment.ofArray(bytes).asSlice(dataStart), source);
    }

    private static Contents decodeAll(SafetensorsHeader h, MemorySegment data, String source) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : h.tensors()) {
            tensors.put(e.name(), decode(data, e, source));
        }
        return new Contents(tensors, h.metadata());
    }

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Decodes one validated entry: F32/F64 as they are, F16/BF16 widened to float32, integers to int64, BOOL (bytes 0/1) to bool. */
    private static Tensor decode(MemorySegment data, SafetensorsHeader.Entry e, String source) throws IOException {
        int n = e.numel();
        int[] shape = e.shape();
        MemorySegment seg = n == 0 ? MemorySegment.NULL : data.asSlice(e.begin(), e.end() - e.begin());
        String dtype = e.dtype();
        switch (dtype) {
            case "F32" -> {
                float[] d = new float[n];
                MemorySegment.copy(seg, F32, 0, d, 0, n);
                return TensorInternals.wrap(Storage.wrap(d), shape);
            }
            case "F64" -> {
                double[] d = new double[n];
                MemorySegment.copy(seg, F64, 0, d, 0, n);
                return TensorInternals.wrap(Storage.wrap(d), shape);
            }
            case "I64", "U64" -> {
                long[] d = new long[n];
                MemorySegment.copy(seg, I64, 0, d, 0, n);
                if (dtype.equals("U64")) {
                    for (int i = 0; i < n; i++) {
                        if (d[i] < 0) {
                            throw new IOException(source + ": key '" + SafetensorsHeader.printable(e.name()) + "': U64 value "
                                    + Long.toUnsignedString(d[i]) + " at element " + i + " does not fit Kiln's int64");
                        }
                    }
                }
                return TensorInternals.wrap(Storage.wrap(d), shape);
            }
            case "BOOL" -> {
                boolean[] d = new boolean[n];
                for (int i = 0; i < n; i++) {
                    byte b = seg.get(ValueLayout.JAVA_BYTE, i);
                    if (b != 0 && b != 1) {
                        throw new IOException(source + ": key '" + SafetensorsHeader.printable(e.name()) + "': BOOL byte " + (b & 0xFF)
                                + " at element " + i + " is neither 0 nor 1");
                    }
                    d[i] = b == 1;
                }
                return TensorInternals.wrap(Storage.wrap(d), shape);
            }
            case "F16", "BF16" -> {
                float[] d = new float[n];
                boolean half = dtype.equals("F16");
                for (int i = 0; i < n; i++) {
                    short bits = seg.getAtIndex(I16, i);
                    d[i] = half ? Float.float16ToFloat(bits) : Float.intBitsToFloat((bits & 0xFFFF) << 16);
                }
                return TensorInternals.wrap(Storage.wrap(d), shape);
            }
            default -> {
                long[] d = new long[n];
                for (int i = 0; i < n; i++) {
                    d[i] = switch (dtype) {
                        case "I32" -> seg.getAtIndex(I32, i);
                        case "U32" -> Integer.toUnsignedLong(seg.getAtIndex(I32, i));
                        case "I16" -> seg.getAtIndex(I16, i);
                        case "U16" -> Short.toUnsignedInt(seg.getAtIndex(I16, i));
                        case "I8" -> seg.get(ValueLayout.JAVA_BYTE, i);
                        default -> Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, i));
                    };
                }
                return TensorInternals.wrap(Storage.wrap(d), shape);
            }
        }
    }

    /**
     * The safetensors dtype name of a Kiln type.
     *
     * @param type a Kiln dtype
     * @return the safetensors dtype name ({@code F32}, {@code F64}, {@code I64}, {@code BOOL})
     */
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
        if (8L + padded + offset > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("safetensors: " + offset + " bytes of tensor data do not fit one in-memory encoding (at most 2 GiB)");
        }
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

    /**
     * Writes a file atomically: to a temporary file beside it, then renamed over the target.
     *
     * @param path the file to write
     * @param tensors the tensors by name
     * @param metadata string pairs for the header's {@code __metadata__}
     * @throws IOException if the file cannot be read or written, or is not a valid safetensors file (the message names the path and the problem)
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        writeAtomically(path, toBytes(tensors, metadata));
    }

    /**
     * Writes bytes to a temporary file in the target's folder, syncs, renames it over the target and
     * syncs the folder, so that a failed write never destroys the previous file; the file is
     * readable by all (0644 on POSIX systems).
     *
     * @param path the file to replace
     * @param bytes its complete new contents
     * @throws IOException if the temporary file cannot be written or renamed (the old file is then untouched)
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
            if (dir != null) {
                DirectorySync.force(dir);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
