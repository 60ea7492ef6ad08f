package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.hostile.Allocation;
import dev.kiln.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests for the IDX defects of issue 12: sizes checked before allocating, gzip CRC verified, clear messages. */
class IdxHostileTest {
    @TempDir
    Path dir;

    static byte[] images(int count, int rows, int cols, int pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels);
        b.putInt(2051).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < pixels; i++) {
            b.put((byte) (i * 7));
        }
        return b.array();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    private static String refused(byte[] bytes) {
        return assertThrows(IOException.class, () -> IdxReader.readImages(new ByteArrayInputStream(bytes), "x.idx")).getMessage();
    }

    @Test
    void hugeDeclaredCountsAreRefusedBeforeAllocating() throws IOException {
        byte[] max = images(Integer.MAX_VALUE, 28, 28, 0);
        byte[] twoMillion = images(2_000_000, 28, 28, 0);
        Path file = dir.resolve("two-million");
        Files.write(file, twoMillion);
        for (var read : java.util.List.<Allocation.Action>of(
                () -> assertTrue(refused(max).contains("more than the"), refused(max)),
                () -> assertTrue(refused(twoMillion).contains("truncated IDX file"), refused(twoMillion)),
                () -> assertTrue(refused(gzip(twoMillion)).contains("truncated IDX file")),
                () -> assertTrue(assertThrows(IOException.class, () -> IdxReader.readImages(file)).getMessage().contains("only 0 bytes follow")))) {
            long allocated = Allocation.measure(read);
            assertTrue(allocated < 8 << 20, "allocated " + allocated + " bytes for a 16-byte file");
        }
        ByteBuffer labels = ByteBuffer.allocate(8).putInt(2049).putInt(Integer.MAX_VALUE);
        long allocated = Allocation.measure(() -> assertThrows(IOException.class,
                () -> IdxReader.readLabels(new ByteArrayInputStream(labels.array()), "l.idx")));
        assertTrue(allocated < 8 << 20, "allocated " + allocated);
        ByteBuffer negative = ByteBuffer.allocate(16).putInt(2051).putInt(-1).putInt(28).putInt(28);
        assertTrue(refused(negative.array()).contains("larger than"));
    }

    @Test
    void corruptGzipDataIsRefusedByItsCrc() throws IOException {
        byte[] good = gzip(images(3, 4, 4, 48));
        assertEquals(3, IdxReader.readImages(new ByteArrayInputStream(good), "ok").size(0));
        // flip a bit of the CRC-32 in the trailer: the data decompress fine, only the checksum tells
        byte[] badCrc = good.clone();
        badCrc[badCrc.length - 8] ^= 1;
        assertTrue(refused(badCrc).contains("corrupt gzip data"), refused(badCrc));
        byte[] badLength = good.clone();
        badLength[badLength.length - 1] ^= 1;
        assertTrue(refused(badLength).startsWith("x.idx: corrupt gzip data"), refused(badLength));
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 4);
        assertTrue(refused(cut).startsWith("x.idx: truncated gzip stream"), refused(cut));
    }

    @Test
    void truncatedHeadersAndTinyFilesSaySo() throws IOException {
        assertTrue(refused(new byte[] {0x1f, (byte) 0x8b}).startsWith("x.idx: truncated gzip stream"));
        assertTrue(refused(java.util.Arrays.copyOf(images(1, 2, 2, 4), 10)).contains("truncated IDX header (10 bytes; it needs 16)"));
        assertTrue(refused(new byte[] {0, 0}).contains("not an IDX image file"));
        Path twoBytes = dir.resolve("t10k-images-idx3-ubyte");
        Files.write(twoBytes, new byte[] {1, 2});
        assertTrue(assertThrows(IOException.class, () -> IdxReader.readImages(twoBytes)).getMessage().startsWith(twoBytes.toString()));
    }

    @Test
    void trailingBytesAndMismatchedSplitsAreRefused() throws IOException {
        byte[] extra = images(1, 2, 2, 6);
        assertTrue(refused(extra).contains("2 bytes after"), refused(extra));
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(2, 2, 2, 8));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), ByteBuffer.allocate(11).putInt(2049).putInt(3).array());
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(1, 2, 2, 4));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), ByteBuffer.allocate(9).putInt(2049).putInt(1).array());
        String m = assertThrows(IOException.class, () -> IdxReader.readFolder(dir)).getMessage();
        assertTrue(m.contains("3 labels for the 2 images"), m);
        Tensor ok = IdxReader.readImages(new ByteArrayInputStream(images(1, 2, 2, 4)), "ok");
        assertEquals(7 / 255f, ok.toFloatArray()[1], 1e-7);
    }
}
