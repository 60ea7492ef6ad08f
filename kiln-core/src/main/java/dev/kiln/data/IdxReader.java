package dev.kiln.data;

import dev.kiln.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST (plain or gzip-compressed, detected by its magic bytes).
 * Big-endian: images have magic 2051, count, rows, cols, then unsigned bytes; labels have magic
 * 2049, count, then unsigned bytes.
 */
public final class IdxReader {
    private IdxReader() {
    }

    /** Images as float32 (N, 1, rows, cols) scaled to [0, 1] (pixel / 255). */
    public static Tensor readImages(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readImages(in, path.toString());
        }
    }

    /** Labels as int64 (N). */
    public static Tensor readLabels(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readLabels(in, path.toString());
        }
    }

    /** Images from a stream; {@code source} names it in errors. */
    public static Tensor readImages(InputStream raw, String source) throws IOException {
        try (DataInputStream in = open(raw)) {
            int magic = in.readInt();
            if (magic != 2051) {
                throw new IOException(source + ": not an IDX image file (magic " + magic + ", expected 2051)");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE) {
                throw new IOException(source + ": invalid IDX image header (" + count + " images of " + rows + "x" + cols + ")");
            }
            byte[] bytes = new byte[count * rows * cols];
            try {
                in.readFully(bytes);
            } catch (EOFException e) {
                throw new IOException(source + ": truncated IDX file (expected " + count + " images of " + rows + "x" + cols + ")", e);
            }
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = (bytes[i] & 0xFF) / 255f;
            }
            return Tensor.fromArray(pixels, count, 1, rows, cols);
        }
    }

    /** Labels from a stream. */
    public static Tensor readLabels(InputStream raw, String source) throws IOException {
        try (DataInputStream in = open(raw)) {
            int magic = in.readInt();
            if (magic != 2049) {
                throw new IOException(source + ": not an IDX label file (magic " + magic + ", expected 2049)");
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException(source + ": invalid IDX label count " + count);
            }
            byte[] bytes = new byte[count];
            try {
                in.readFully(bytes);
            } catch (EOFException e) {
                throw new IOException(source + ": truncated IDX file (expected " + count + " labels)", e);
            }
            long[] labels = new long[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return Tensor.fromArray(labels, count);
        }
    }

    private static DataInputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new DataInputStream(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16));
        }
        return new DataInputStream(in);
    }

    /**
     * Loads an IDX folder of MNIST layout: {@code train-images*}, {@code train-labels*},
     * {@code t10k-images*}, {@code t10k-labels*} (gzip or not).
     */
    public static Datasets.Split readFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + ": not a folder");
        }
        return new Datasets.Split(
                new TensorDataset(readImages(find(folder, "train-images")), readLabels(find(folder, "train-labels"))),
                new TensorDataset(readImages(find(folder, "t10k-images")), readLabels(find(folder, "t10k-labels"))));
    }

    private static Path find(Path folder, String prefix) throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().findFirst()
                    .orElseThrow(() -> new IOException(folder + ": no file starting with '" + prefix + "' (expected MNIST IDX layout)"));
        }
    }
}
