package dev.kiln.data;

import dev.kiln.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST (plain or gzip-compressed, detected by its magic bytes).
 * Big-endian: images have magic 2051, count, rows, cols, then unsigned bytes; labels have magic
 * 2049, count, then unsigned bytes.
 *
 * <p>Reading is strict and never trusts the header with memory: the declared size
 * ({@code count × rows × cols}, overflow-checked, at most {@link #MAX_BYTES}) must match the bytes
 * actually present — checked against the file length up front for a plain file, and while reading
 * for a gzip stream, whose buffer only grows as data arrives. A gzip stream is read to its end, so
 * its CRC-32 and length trailer are verified. Trailing bytes after the declared data are refused
 * (as torchvision does). Every problem is an {@link IOException} naming the source.
 */
public final class IdxReader {
    /** The largest data section accepted: the largest Java array. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;

    private IdxReader() {
    }

    /**
     * Images as float32 (N, 1, rows, cols) scaled to [0, 1] (pixel / 255).
     *
     * @param path an IDX3 image file (gzip-compressed when its name ends in .gz)
     * @return the images
     * @throws IOException if the file cannot be read or is not a valid IDX file of that kind (the message names it)
     */
    public static Tensor readImages(Path path) throws IOException {
        try (InputStream in = open(path)) {
            return readImages(in, path.toString(), Files.size(path));
        }
    }

    /**
     * Labels as int64 (N).
     *
     * @param path an IDX1 label file (gzip-compressed when its name ends in .gz)
     * @return the labels
     * @throws IOException if the file cannot be read or is not a valid IDX file of that kind (the message names it)
     */
    public static Tensor readLabels(Path path) throws IOException {
        try (InputStream in = open(path)) {
            return readLabels(in, path.toString(), Files.size(path));
        }
    }

    /**
     * Images from a stream; {@code source} names it in errors.
     *
     * @param raw the IDX3 bytes (gzip-compressed or not)
     * @param source names the stream in errors
     * @return the images as float32 (N, 1, rows, cols) in [0, 1]
     * @throws IOException if the file cannot be read or is not a valid IDX file of that kind (the message names it)
     */
    public static Tensor readImages(InputStream raw, String source) throws IOException {
        return readImages(raw, source, -1);
    }

    /**
     * Labels from a stream; {@code source} names it in errors.
     *
     * @param raw the IDX1 bytes (gzip-compressed or not)
     * @param source names the stream in errors
     * @return the labels as int64 (N)
     * @throws IOException if the file cannot be read or is not a valid IDX file of that kind (the message names it)
     */
    public static Tensor readLabels(InputStream raw, String source) throws IOException {
        return readLabels(raw, source, -1);
    }

    private static Tensor readImages(InputStream raw, String source, long fileLength) throws IOException {
        Stream s = new Stream(raw, source, fileLength);
        int[] h = s.header(IMAGES_MAGIC, 3, "image");
        int count = h[0];
        int rows = h[1];
        int cols = h[2];
        if (rows == 0 || cols == 0) {
            throw new IOException(source + ": invalid IDX image header (" + count + " images of " + rows + "x" + cols + ")");
        }
        // each factor is below 2^31, so the product of three fits no long: multiply with overflow checks
        long length;
        try {
            length = Math.multiplyExact(Math.multiplyExact((long) count, rows), cols);
        } catch (ArithmeticException e) {
            length = Long.MAX_VALUE;
        }
        byte[] bytes = s.data(length, count + " images of " + rows + "x" + cols);
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = (bytes[i] & 0xFF) / 255f;
        }
        return Tensor.fromArray(pixels, count, 1, rows, cols);
    }

    private static Tensor readLabels(InputStream raw, String source, long fileLength) throws IOException {
        Stream s = new Stream(raw, source, fileLength);
        int count = s.header(LABELS_MAGIC, 1, "label")[0];
        byte[] bytes = s.data(count, count + " labels");
        long[] labels = new long[count];
        for (int i = 0; i < count; i++) {
            labels[i] = bytes[i] & 0xFF;
        }
        return Tensor.fromArray(labels, count);
    }

    private static InputStream open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException(path + ": is a folder, not an IDX file");
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file");
        }
        return Files.newInputStream(path);
    }

    /** An IDX stream: plain or gzip, with the file length when it is known (a plain file). */
    private static final class Stream {
        private final InputStream in;
        private final String source;
        private final boolean gzip;
        private final long fileLength;
        private int headerLength;

        Stream(InputStream raw, String source, long fileLength) throws IOException {
            this.source = source;
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            gzip = b0 == 0x1f && b1 == 0x8b;
            this.fileLength = gzip ? -1 : fileLength;
            if (gzip) {
                try {
                    in = new GZIPInputStream(buffered, 1 << 16);
                } catch (IOException e) {
                    throw gzipError(e);
                }
            } else {
                in = buffered;
            }
        }

        /** Reads the magic number and {@code dims} big-endian unsigned 32-bit sizes, each at most {@link Integer#MAX_VALUE}. */
        int[] header(int magic, int dims, String kind) throws IOException {
            byte[] head = new byte[4 * (1 + dims)];
            int got = readUpTo(head, 0, head.length);
            if (got < 4) {
                throw new IOException(source + ": not an IDX " + kind + " file (" + (fileLength >= 0 ? fileLength + " bytes" : "too short")
                        + "; the header needs " + head.length + ")");
            }
            int m = intAt(head, 0);
            if (m != magic) {
                throw new IOException(source + ": not an IDX " + kind + " file (magic " + m + ", expected " + magic + ")");
            }
            if (got < head.length) {
                throw new IOException(source + ": truncated IDX header (" + got + " bytes; it needs " + head.length + ")");
            }
            headerLength = head.length;
            int[] sizes = new int[dims];
            for (int i = 0; i < dims; i++) {
                sizes[i] = intAt(head, 4 * (1 + i));
                if (sizes[i] < 0) {
                    throw new IOException(source + ": invalid IDX " + kind + " header (size " + Integer.toUnsignedString(sizes[i])
                            + " is larger than " + Integer.MAX_VALUE + ")");
                }
            }
            return sizes;
        }

        /** Reads exactly {@code length} bytes of data and then checks that the stream ends (verifying a gzip trailer). */
        byte[] data(long length, String what) throws IOException {
            if (length < 0 || length > MAX_BYTES) {
                throw new IOException(source + ": IDX header declares " + what + " (" + length + " bytes), more than the "
                        + MAX_BYTES + " a reader can hold");
            }
            if (fileLength >= 0) {
                if (fileLength - headerLength < length) {
                    throw new IOException(source + ": truncated IDX file: the header declares " + what + " (" + length
                            + " bytes) but only " + (fileLength - headerLength) + " bytes follow it");
                }
            }
            // grow the buffer as data arrives: a lying header costs no more memory than the data present
            byte[] buf = new byte[(int) Math.min(length, 1 << 20)];
            int filled = 0;
            while (filled < length) {
                if (filled == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(length, 2L * buf.length));
                }
                int n = readUpTo(buf, filled, buf.length - filled);
                filled += n;
                if (n == 0) {
                    throw new IOException(source + ": truncated IDX file: the header declares " + what + " (" + length + " bytes) but only "
                            + filled + " bytes follow it");
                }
            }
            long extra = 0;
            byte[] rest = new byte[8192];
            int n;
            while ((n = readUpTo(rest, 0, rest.length)) > 0) {
                extra += n;
            }
            if (extra > 0) {
                throw new IOException(source + ": " + extra + " bytes after the " + what + " the IDX header declares (corrupt or not IDX)");
            }
            return buf;
        }

        /** Reads up to {@code len} bytes, fewer only at the end of the stream; gzip errors become clear messages. */
        private int readUpTo(byte[] b, int off, int len) throws IOException {
            int total = 0;
            try {
                while (total < len) {
                    int n = in.read(b, off + total, len - total);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                }
            } catch (IOException e) {
                throw gzip ? gzipError(e) : e;
            }
            return total;
        }

        private IOException gzipError(IOException e) {
            if (e instanceof EOFException) {
                return new IOException(source + ": truncated gzip stream" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
            }
            if (e instanceof ZipException) {
                return new IOException(source + ": corrupt gzip data (" + e.getMessage() + ")", e);
            }
            return new IOException(source + ": " + e.getMessage(), e);
        }

        private static int intAt(byte[] b, int at) {
            return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        }
    }

    /**
     * Loads an IDX folder of MNIST layout: {@code train-images*}, {@code train-labels*},
     * {@code t10k-images*}, {@code t10k-labels*} (gzip or not). Each split must have as many
     * labels as images, and at least one.
     *
     * @param folder the folder with the four files
     * @return the train and test splits
     * @throws IOException naming the file that is missing, corrupt or inconsistent
     */
    public static Datasets.Split readFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + ": not a folder");
        }
        return new Datasets.Split(split(find(folder, "train-images"), find(folder, "train-labels")),
                split(find(folder, "t10k-images"), find(folder, "t10k-labels")));
    }

    private static TensorDataset split(Path images, Path labels) throws IOException {
        Tensor x = readImages(images);
        Tensor y = readLabels(labels);
        if (x.size(0) == 0) {
            throw new IOException(images + ": no images (the IDX header declares 0)");
        }
        if (x.size(0) != y.size(0)) {
            throw new IOException(labels + ": " + y.size(0) + " labels for the " + x.size(0) + " images of " + images.getFileName());
        }
        return new TensorDataset(x, y);
    }

    private static Path find(Path folder, String prefix) throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p)).sorted().findFirst()
                    .orElseThrow(() -> new IOException(folder + ": no file starting with '" + prefix + "' (expected MNIST IDX layout)"));
        }
    }
}
