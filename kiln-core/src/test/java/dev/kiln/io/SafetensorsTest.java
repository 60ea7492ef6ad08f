package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SafetensorsTest.class.getResourceAsStream("/interop/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsPyTorchFileWithKeysShapesAndMetadata() throws IOException {
        Safetensors.Contents c = Safetensors.fromBytes(resource("cnn_bn.safetensors"), "cnn_bn");
        assertEquals("pt", c.metadata().get("format"));
        assertArrayEquals(new int[] {8, 1, 3, 3}, c.tensors().get("0.weight").shape());
        assertEquals(DType.INT64, c.tensors().get("1.num_batches_tracked").dtype());
        assertEquals(0, c.tensors().get("1.num_batches_tracked").dim());
        // running variances are positive, a sanity check that bytes were decoded little-endian
        for (float v : c.tensors().get("1.running_var").toFloatArray()) {
            assertTrue(v > 0 && v < 100, "running_var " + v);
        }
    }

    @Test
    void roundTripsEveryDtypeExactly() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("f", Tensor.randn(new dev.kiln.tensor.Generator(1), 3, 5));
        m.put("d", Tensor.of(1.5, -2.25, Math.PI));
        m.put("l", Tensor.of(7L, -3L, Long.MAX_VALUE));
        m.put("b", Tensor.of(true, false, true));
        m.put("s", Tensor.scalar(2.5));
        Path p = dir.resolve("x.safetensors");
        Safetensors.write(p, m, Map.of("epoch", "3"));
        Safetensors.Contents back = Safetensors.read(p);
        assertEquals("3", back.metadata().get("epoch"));
        for (String k : m.keySet()) {
            assertTrue(m.get(k).equal(back.tensors().get(k)), k);
            assertEquals(m.get(k).dtype(), back.tensors().get(k).dtype(), k);
        }
        byte[] bytes = Files.readAllBytes(p);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, headerLength % 8, "header padded to 8 bytes");
    }

    @Test
    void refusesTruncatedFileNamingTheKey() throws IOException {
        byte[] good = resource("lenet.safetensors");
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 100);
        IOException e = assertThrows(IOException.class, () -> Safetensors.fromBytes(cut, "lenet-cut"));
        assertTrue(e.getMessage().contains("lenet-cut") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void refusesCorruptHeaderAndTinyFiles() throws IOException {
        byte[] good = resource("lenet.safetensors");
        byte[] bad = good.clone();
        bad[8] = '#';
        IOException e = assertThrows(IOException.class, () -> Safetensors.fromBytes(bad, "bad"));
        assertTrue(e.getMessage().startsWith("bad: corrupt header"), e.getMessage());
        assertThrows(IOException.class, () -> Safetensors.fromBytes(new byte[3], "tiny"));
        byte[] hugeHeader = good.clone();
        ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertThrows(IOException.class, () -> Safetensors.fromBytes(hugeHeader, "huge"));
    }

    @Test
    void refusesMismatchedByteRange() {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}";
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        IOException e = assertThrows(IOException.class, () -> Safetensors.fromBytes(b.array(), "m"));
        assertTrue(e.getMessage().contains("key 'w'") && e.getMessage().contains("expected 16"), e.getMessage());
    }

    @Test
    void failedWriteKeepsPreviousFile() throws IOException {
        Path p = dir.resolve("keep.safetensors");
        Safetensors.write(p, Map.of("a", Tensor.of(1f, 2f)), Map.of());
        byte[] before = Files.readAllBytes(p);
        Map<String, Tensor> broken = new LinkedHashMap<>();
        broken.put("a", Tensor.of(3f));
        broken.put("b", null);
        assertThrows(RuntimeException.class, () -> Safetensors.write(p, broken, Map.of()));
        assertArrayEquals(before, Files.readAllBytes(p));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
