package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Written safetensors files are byte-reproducible (names sorted) and readable by the group and others. */
class SafetensorsWriteTest {
    private static Map<String, Tensor> inOrder(String... names) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, Tensor.fromArray(new float[] {n.length(), n.charAt(0)}, 2));
        }
        return m;
    }

    @Test
    void theSameTensorsGiveTheSameBytesWhateverTheMapOrder() {
        byte[] a = Safetensors.toBytes(inOrder("fc2.weight", "fc1.bias", "fc1.weight"), Map.of("format", "pt", "by", "kiln"));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("by", "kiln");
        meta.put("format", "pt");
        byte[] b = Safetensors.toBytes(inOrder("fc1.weight", "fc2.weight", "fc1.bias"), meta);
        assertArrayEquals(a, b);
        long n = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(a, 8, (int) n, StandardCharsets.UTF_8).strip();
        Map<String, Object> parsed = Json.parseObject(header);
        assertEquals(List.of("__metadata__", "fc1.bias", "fc1.weight", "fc2.weight"), List.copyOf(parsed.keySet()), header);
        assertEquals(List.of("by", "format"), List.copyOf(((Map<?, ?>) parsed.get("__metadata__")).keySet().stream().map(String::valueOf).toList()));
    }

    @Test
    void writtenFilesAreReadableByAll(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("model.safetensors");
        Safetensors.write(f, inOrder("w"), Map.of());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of(1.0f, (float) 'w'), List.of(Safetensors.read(f).tensors().get("w").toFloatArray()[0],
                Safetensors.read(f).tensors().get("w").toFloatArray()[1]));
    }
}
