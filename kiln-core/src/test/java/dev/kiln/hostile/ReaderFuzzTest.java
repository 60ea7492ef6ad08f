package dev.kiln.hostile;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.data.CsvReader;
import dev.kiln.data.IdxReader;
import dev.kiln.data.ImageDecoder;
import dev.kiln.io.Json;
import dev.kiln.io.Safetensors;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.Checkpoint;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of every reader (a few thousand cases, a few seconds): each mutant of a
 * valid file is either read or refused with the reader's documented exception — never another
 * exception or error — without allocating more than a bound and without hanging.
 */
class ReaderFuzzTest {
    /** No single read of these small files may allocate more than this. */
    private static final long ALLOCATION_BOUND = 48L << 20;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** A reader under test: reads bytes, may throw only {@code documented}. */
    @FunctionalInterface
    private interface Reader {
        void read(byte[] bytes) throws Exception;
    }

    private static void fuzz(String name, byte[] valid, int cases, long seed, Class<? extends Exception> documented, Reader reader) {
        assertTimeoutPreemptively(LIMIT, () -> {
            reader.read(valid);
            Mutator m = new Mutator(seed);
            int refused = 0;
            for (int i = 0; i < cases; i++) {
                byte[] mutant = m.mutate(valid);
                Throwable[] thrown = new Throwable[1];
                long allocated = Allocation.measure(() -> {
                    try {
                        reader.read(mutant);
                    } catch (Throwable t) {
                        thrown[0] = t;
                    }
                });
                if (thrown[0] != null && !documented.isInstance(thrown[0])) {
                    throw new AssertionError(name + " case " + i + " (seed " + seed + "): " + thrown[0] + " is not a "
                            + documented.getSimpleName(), thrown[0]);
                }
                if (thrown[0] != null) {
                    refused++;
                    String msg = thrown[0].getMessage();
                    if (msg == null || msg.isBlank()) {
                        fail(name + " case " + i + ": refused without a message");
                    }
                }
                assertTrue(allocated < ALLOCATION_BOUND, name + " case " + i + " allocated " + allocated + " bytes");
            }
            assertTrue(refused > cases / 10, name + ": only " + refused + " of " + cases + " mutants refused (is the fuzzer mutating?)");
        }, name + " hung");
    }

    @Test
    void json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("epoch", 3);
        doc.put("lr", 0.001);
        doc.put("name", "mlp \"x\" \u00e9 \ud83d\ude00");
        doc.put("rng", java.util.List.of(java.util.List.of("1", "-2"), java.util.List.of()));
        doc.put("nested", Map.of("a", java.util.List.of(1.5e-3, -2, true, false)));
        doc.put("none", null);
        byte[] valid = Json.write(doc).getBytes(StandardCharsets.UTF_8);
        fuzz("json", valid, 1500, 1, IllegalArgumentException.class, b -> Json.parse(Json.decodeUtf8(b, 0, b.length)));
    }

    @Test
    void safetensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("0.weight", Tensor.arange(12).reshape(3, 4).to(dev.kiln.tensor.DType.FLOAT32));
        m.put("0.bias", Tensor.of(1.0, 2.0, 3.0));
        m.put("steps", Tensor.of(7L));
        m.put("mask", Tensor.of(true, false));
        byte[] valid = Safetensors.toBytes(m, Map.of("format", "pt"));
        fuzz("safetensors", valid, 1500, 2, IOException.class, b -> Safetensors.fromBytes(b, "fuzz.safetensors"));
    }

    @Test
    void safetensorsFromFiles() throws IOException {
        byte[] valid = Safetensors.toBytes(Map.of("w", Tensor.ones(4, 4)), Map.of());
        Path p = dir.resolve("f.safetensors");
        fuzz("safetensors file", valid, 150, 3, IOException.class, b -> {
            Files.write(p, b);
            Safetensors.read(p);
        });
    }

    @Test
    void idx() throws IOException {
        ByteBuffer img = ByteBuffer.allocate(16 + 3 * 5 * 5).putInt(2051).putInt(3).putInt(5).putInt(5);
        for (int i = 0; i < 75; i++) {
            img.put((byte) (i * 3));
        }
        byte[] plain = img.array();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        byte[] labels = ByteBuffer.allocate(11).putInt(2049).putInt(3).put((byte) 1).put((byte) 7).put((byte) 9).array();
        fuzz("idx images", plain, 700, 4, IOException.class, b -> IdxReader.readImages(new ByteArrayInputStream(b), "fuzz-images"));
        fuzz("idx labels", labels, 300, 5, IOException.class, b -> IdxReader.readLabels(new ByteArrayInputStream(b), "fuzz-labels"));
        fuzz("idx gzip", gz.toByteArray(), 700, 6, IOException.class, b -> IdxReader.readImages(new ByteArrayInputStream(b), "fuzz.gz"));
        Path p = dir.resolve("train-images-idx3-ubyte");
        fuzz("idx file", plain, 150, 7, IOException.class, b -> {
            Files.write(p, b);
            IdxReader.readImages(p);
        });
    }

    @Test
    void csv() throws IOException {
        String text = "sepal length,sepal width,\"petal, length\",species\n5.1,3.5,1.4,0\n4.9,3.0,1.4,0\n7.0,3.2,4.7,1\n6.3,3.3,6.0,2\n"
                + "-1.5e-2,.5,3.,1\n";
        byte[] valid = text.getBytes(StandardCharsets.UTF_8);
        fuzz("csv", valid, 800, 8, IOException.class, b -> CsvReader.builder().read(new ByteArrayInputStream(b), "fuzz.csv"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(valid);
        }
        Path p = dir.resolve("fuzz.csv.gz");
        fuzz("csv gzip", gz.toByteArray(), 200, 9, IOException.class, b -> {
            Files.write(p, b);
            CsvReader.builder().read(p);
        });
    }

    @Test
    void images() throws IOException {
        BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillOval(1, 1, 9, 8);
        g.dispose();
        long seed = 10;
        for (String format : new String[] {"png", "jpg", "gif", "bmp"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            Path p = dir.resolve("fuzz." + format);
            fuzz(format, out.toByteArray(), 150, seed++, IOException.class, b -> {
                Files.write(p, b);
                ImageDecoder.read(p);
            });
        }
    }

    @Test
    void checkpointState() throws IOException {
        Path last = dir.resolve("last");
        new Checkpoint(Map.of("w", Tensor.ones(2)), Map.of(), Map.of("epoch", 2, "rng", java.util.List.of("1", "2"))).save(last);
        byte[] valid = Files.readAllBytes(last.resolve(Checkpoint.STATE_FILE));
        fuzz("state.json", valid, 200, 20, IOException.class, b -> {
            Files.write(last.resolve(Checkpoint.STATE_FILE), b);
            Checkpoint.load(last);
        });
    }
}
