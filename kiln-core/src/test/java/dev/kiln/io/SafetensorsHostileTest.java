package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.hostile.Allocation;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests for the malformed safetensors files of issue 12: each is refused with the file, the key and the reason. */
class SafetensorsHostileTest {
    @TempDir
    Path dir;

    /** A file: 8-byte length, the header bytes, then {@code data} bytes. */
    static byte[] file(byte[] header, int data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        return b.array();
    }

    static byte[] file(String header, int data) {
        return file(header.getBytes(StandardCharsets.UTF_8), data);
    }

    private static String refused(byte[] bytes) {
        return assertThrows(IOException.class, () -> Safetensors.fromBytes(bytes, "x.safetensors")).getMessage();
    }

    @Test
    void shapesWhoseElementCountOverflowsAreRefused() {
        String m = refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536,65536],\"data_offsets\":[0,0]}}", 0));
        assertTrue(m.startsWith("x.safetensors: key 'w'") && m.contains("more elements than a 64-bit count"), m);
        // 2^62 * 4 wraps to 0 with 64-bit arithmetic; 2 * 2^63 wraps to 0 too
        m = refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,0]}}", 0));
        assertTrue(m.contains("more elements than a 64-bit count"), m);
        m = refused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2, 4611686018427387904],\"data_offsets\":[0,8]}}", 8));
        assertTrue(m.contains("key 'w'"), m);
    }

    @Test
    void malformedHeadersAreRefused() {
        String[][] cases = {
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "duplicate key"},
            {"{\"a\u0007\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "control character"},
            {"{\"a\\u0007\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "control character"},
            {"{\"w\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", "unknown dtype"},
            {"{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}}", "not supported"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", "invalid shape"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "invalid shape"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551615]}}", "invalid data_offsets"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", "invalid data_offsets"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", "needs dtype"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "hole"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "overlaps"},
            {"{\"__metadata__\":{\"k\":1}}", "__metadata__"},
            {"{\"__metadata__\":[]}", "__metadata__"},
            {"[]", "does not start with '{'"},
            {" {}", "does not start with '{'"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}\u0000", "corrupt header"},
        };
        for (String[] c : cases) {
            String m = refused(file(c[0], 8));
            assertTrue(m.startsWith("x.safetensors: ") && m.contains(c[1]), c[0] + " -> " + m);
        }
    }

    @Test
    void invalidUtf8InKeysIsRefused() {
        byte[] h = "{\"wX\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes(StandardCharsets.UTF_8);
        h[3] = (byte) 0xFF;
        assertTrue(refused(file(h, 4)).contains("invalid UTF-8"));
    }

    @Test
    void u64ValuesAbove2To63AndNonBooleanBytesAreRefused() {
        byte[] f = file("{\"n\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);
        java.util.Arrays.fill(f, f.length - 8, f.length, (byte) 0xFF);
        assertTrue(refused(f).contains("U64 value 18446744073709551615"));
        byte[] b = file("{\"b\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2);
        b[b.length - 1] = 2;
        assertTrue(refused(b).contains("neither 0 nor 1"));
    }

    @Test
    void headerLengthsThatDoNotFitAreRefused() {
        byte[] f = file("{}", 0);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertTrue(refused(f).contains("header length 18446744073709551615"));
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100_000_001L);
        assertTrue(refused(f).contains("at most 100000000"));
    }

    @Test
    void aFileOverTwoGibibytesIsRefusedCleanlyWithoutReadingItIntoMemory() throws IOException {
        // a sparse 2 GiB + 64 file whose one BOOL tensor covers the data exactly: valid for the format, too big for one Java array
        long data = (1L << 31) + 64;
        String header = "{\"big\":{\"dtype\":\"BOOL\",\"shape\":[" + data + "],\"data_offsets\":[0," + data + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("big.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.write(file(h, 0));
            raf.setLength(8 + h.length + data);
        }
        long allocated = Allocation.measure(() -> {
            IOException e = assertThrows(IOException.class, () -> Safetensors.read(p));
            assertTrue(e.getMessage().startsWith(p + ": key 'big'") && e.getMessage().contains("Kiln tensors hold at most"), e.getMessage());
        });
        assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes");
    }

    @Test
    void aLargeFileIsMemoryMappedNotCopiedWhole() throws IOException {
        // 64 MB of float data: reading must not allocate a byte[] copy of the file besides the float[] it returns
        int n = 16 << 20;
        Path p = dir.resolve("large.safetensors");
        Safetensors.write(p, Map.of("w", Tensor.zeros(n)), Map.of());
        long allocated = Allocation.measure(() -> assertEquals(n, Safetensors.read(p).tensors().get("w").numel()));
        assertTrue(allocated < 4L * n + (8 << 20), "allocated " + allocated + " bytes for " + 4L * n + " bytes of floats");
        assertTrue(Files.size(p) > 4L * n);
    }
}
