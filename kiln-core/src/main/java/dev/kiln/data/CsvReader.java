package dev.kiln.data;

import dev.kiln.tensor.Tensor;
import dev.kiln.io.Json;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads numeric CSV files into a {@link TensorDataset}: features as float32 (N, F) and the label
 * column as int64 class indices (or float32 values for regression).
 *
 * <pre>{@code
 * TensorDataset d = CsvReader.builder().header(true).labelColumn("species").read(Path.of("iris.csv"));
 * }</pre>
 * A label column of names ({@code setosa}, {@code versicolor}; recognised by the first data row's
 * label not being a number) gives classes numbered in the sorted order of the names, as an image
 * folder's sub-folders do; {@link #readLabelled(Path)} returns the names with the data.
 * A ragged row, a value that is not a number, a non-finite feature or a class label outside
 * [0, {@link #MAX_CLASSES}) is refused with the file, the line and the column.
 */
public final class CsvReader {
    /** The most classes a label column may give: labels are integers in [0, 10,000). */
    public static final int MAX_CLASSES = 10_000;
    /** The longest line accepted, in characters. */
    public static final int MAX_LINE = 1 << 24;

    private boolean header = true;
    private String labelName;
    private int labelIndex = -1;
    private boolean regression;
    private char separator = ',';

    private CsvReader() {
    }

    /**
     * A reader with a header line and the label in the last column.
     *
     * @return a new reader
     */
    public static CsvReader builder() {
        return new CsvReader();
    }

    /**
     * Whether the first line is a header (default true).
     *
     * @param h whether the first line holds column names
     * @return this reader
     */
    public CsvReader header(boolean h) {
        header = h;
        return this;
    }

    /**
     * The label column by header name.
     *
     * @param name the header name of the label column
     * @return this reader
     */
    public CsvReader labelColumn(String name) {
        labelName = name;
        return this;
    }

    /**
     * The label column by index (negative counts from the end; default -1, the last).
     *
     * @param index the label column's index, negative counting from the end
     * @return this reader
     */
    public CsvReader labelColumn(int index) {
        labelIndex = index;
        labelName = null;
        return this;
    }

    /**
     * Read the label as a float value (regression) instead of a class index.
     *
     * @param r whether the label is a real value rather than a class
     * @return this reader
     */
    public CsvReader regression(boolean r) {
        regression = r;
        return this;
    }

    /**
     * The field separator (default ',').
     *
     * @param c the field separator
     * @return this reader
     */
    public CsvReader separator(char c) {
        separator = c;
        return this;
    }

    /**
     * A data set read from CSV with the names of its classes.
     *
     * @param dataset features (N, F) and targets
     * @param classNames the class names in index order when the label column holds names; empty
     *     when it holds class indices (or for regression)
     */
    public record Labelled(TensorDataset dataset, List<String> classNames) {
        /** Keeps an unmodifiable copy of the names. */
        public Labelled {
            classNames = List.copyOf(classNames);
        }
    }

    /**
     * Reads a file (gzip-compressed when its name ends in .gz; the whole stream is read, so its CRC is verified).
     *
     * @param path the CSV file
     * @return the data set
     * @throws IOException naming the file, line and column of the first problem
     */
    public TensorDataset read(Path path) throws IOException {
        return readLabelled(path).dataset();
    }

    /**
     * Reads a file as {@link #read(Path)} does, keeping the class names of a label column of names.
     *
     * @param path the CSV file
     * @return the data set and its class names (empty for numeric labels)
     * @throws IOException naming the file, line and column of the first problem
     */
    public Labelled readLabelled(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException(path + ": is a folder, not a CSV file");
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file");
        }
        String source = path.toString();
        try (InputStream in = Files.newInputStream(path)) {
            if (!source.endsWith(".gz")) {
                return readLabelled(in, source);
            }
            InputStream gz;
            try {
                gz = new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                throw gzipError(source, e);
            }
            return readLabelled(gz, source);
        }
    }

    private static IOException gzipError(String source, IOException e) {
        if (e instanceof EOFException) {
            return new IOException(source + ": truncated gzip stream" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        if (e instanceof ZipException) {
            return new IOException(source + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
        return e;
    }

    /**
     * Reads from a stream; {@code source} names it in errors. The text must be UTF-8 (a leading
     * byte-order mark is skipped); every row must have as many fields as the header (or the first
     * row); every field must be a number (see {@link #parseNumber}); features must be finite; class
     * labels must be integers in [0, {@link #MAX_CLASSES}).
     *
     * @param in the CSV text
     * @param source names the stream in errors
     * @return the data set
     * @throws IOException naming the source, the line and the column of the first problem
     */
    public TensorDataset read(InputStream in, String source) throws IOException {
        return readLabelled(in, source).dataset();
    }

    /**
     * Reads from a stream as {@link #read(InputStream, String)} does, keeping the class names of a
     * label column of names.
     *
     * @param in the CSV text
     * @param source names the stream in errors
     * @return the data set and its class names (empty for numeric labels)
     * @throws IOException naming the source, the line and the column of the first problem
     */
    public Labelled readLabelled(InputStream in, String source) throws IOException {
        LineReader lines = new LineReader(new BufferedInputStream(in, 1 << 16), source);
        String line;
        int columns = -1;
        int label = -1;
        List<float[]> features = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        List<String> labelNames = null;   // the label of each row, when the label column holds names
        String[] names = null;
        while ((line = lines.next()) != null) {
            long lineNo = lines.number();
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            String[] fields = split(line, source, lineNo);
            if (header && names == null) {
                names = fields;
                columns = fields.length;
                label = resolveLabel(names, columns, source);
                continue;
            }
            if (columns < 0) {
                columns = fields.length;
                label = resolveLabel(names, columns, source);
            }
            if (columns < 2) {
                throw new IOException(source + ": line " + lineNo + ": one column only; a data set needs feature columns and a label column");
            }
            if (fields.length != columns) {
                throw new IOException(source + ": line " + lineNo + " has " + fields.length + " fields, expected " + columns);
            }
            float[] row = new float[columns - 1];
            if (features.isEmpty() && !regression && Double.isNaN(parseNumber(fields[label])) && !isNanSpelling(fields[label])
                    && !fields[label].isBlank()) {
                labelNames = new ArrayList<>();
            }
            for (int c = 0, j = 0; c < columns; c++) {
                String where = source + ": line " + lineNo + ", column " + (c + 1) + (names != null ? " (" + shorten(names[c].strip()) + ")" : "");
                if (c == label && labelNames != null) {
                    String name = fields[c].strip();
                    if (name.isEmpty()) {
                        throw new IOException(where + ": empty class label (the column holds class names)");
                    }
                    labelNames.add(name);
                    continue;
                }
                double v = parseNumber(fields[c]);
                if (Double.isNaN(v) && !isNanSpelling(fields[c])) {
                    String shown = fields[c].strip();
                    throw new IOException(where + ": " + (shown.isEmpty() ? "empty field" : "'" + shorten(shown) + "' is not a number"));
                }
                if (!Double.isFinite(v)) {
                    throw new IOException(where + ": non-finite value '" + shorten(fields[c].strip()) + "' (" + (c == label ? "labels" : "features")
                            + " must be finite numbers)");
                }
                if (c == label) {
                    if (!regression && (v != Math.rint(v) || v < 0 || v >= MAX_CLASSES)) {
                        throw new IOException(where + ": class label '" + shorten(fields[c].strip()) + "' is not an integer in [0, " + MAX_CLASSES
                                + ") (use regression for real-valued targets)");
                    }
                    labels.add(v);
                } else {
                    row[j++] = (float) v;
                }
            }
            features.add(row);
        }
        if (features.isEmpty()) {
            throw new IOException(source + ": no data rows");
        }
        int n = features.size();
        int f = columns - 1;
        if ((long) n * f > Integer.MAX_VALUE - 8) {
            throw new IOException(source + ": " + n + " rows of " + f + " features are more values than one tensor holds");
        }
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features.get(i), 0, x, i * f, f);
        }
        Tensor targets;
        if (regression) {
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                y[i] = labels.get(i).floatValue();
            }
            targets = Tensor.fromArray(y, n);
        } else if (labelNames != null) {
            List<String> classes = labelNames.stream().distinct().sorted().toList();
            if (classes.size() > MAX_CLASSES) {
                throw new IOException(source + ": " + classes.size() + " distinct class names, more than " + MAX_CLASSES);
            }
            java.util.Map<String, Integer> index = new java.util.HashMap<>();
            for (int i = 0; i < classes.size(); i++) {
                index.put(classes.get(i), i);
            }
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                y[i] = index.get(labelNames.get(i));
            }
            return new Labelled(new TensorDataset(Tensor.fromArray(x, n, f), Tensor.fromArray(y, n)), classes);
        } else {
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                y[i] = (long) (double) labels.get(i);
            }
            targets = Tensor.fromArray(y, n);
        }
        return new Labelled(new TensorDataset(Tensor.fromArray(x, n, f), targets), List.of());
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(?:inf|infinity|nan)");

    /**
     * Parses a CSV number the way Python's {@code float()} and NumPy read CSV files: decimal and
     * exponent forms ({@code 3}, {@code -0.5}, {@code .5}, {@code 1.}, {@code 2.5e-3}) and the
     * spellings {@code inf}, {@code infinity}, {@code nan} in any case with an optional sign,
     * surrounding white space ignored. Java literals that {@link Double#parseDouble} also accepts
     * ({@code 1f}, {@code 2d}, {@code 0x1p3}) are not numbers here.
     *
     * @param field one CSV field
     * @return the value, or NaN for text that is not a number (tell the two NaNs apart with the text)
     */
    public static double parseNumber(String field) {
        String s = field.strip();
        if (s.length() > 400) {
            return Double.NaN;
        }
        if (DECIMAL.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        if (NON_FINITE.matcher(s).matches()) {
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            return lower.contains("nan") ? Double.NaN : lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.NaN;
    }

    private static boolean isNanSpelling(String field) {
        String s = field.strip();
        return NON_FINITE.matcher(s).matches() && s.toLowerCase(java.util.Locale.ROOT).contains("nan");
    }

    /** A field for a message: at most 40 characters, control characters shown as {@code \\uXXXX}. */
    private static String shorten(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(40, s.length()); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() <= 40 ? sb.toString() : sb + "...";
    }

    /** Lines of at most {@link #MAX_LINE} bytes, counted, each decoded as strict UTF-8 so that an error names its line. */
    private static final class LineReader {
        private final InputStream in;
        private final String source;
        private long number;
        private byte[] buf = new byte[256];

        LineReader(InputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        long number() {
            return number;
        }

        String next() throws IOException {
            int len = 0;
            int c;
            try {
                while ((c = in.read()) >= 0 && c != '\n') {
                    if (len >= MAX_LINE) {
                        throw new IOException(source + ": line " + (number + 1) + " is longer than " + MAX_LINE + " bytes");
                    }
                    if (len == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, 2 * len));
                    }
                    buf[len++] = (byte) c;
                }
            } catch (IOException e) {
                throw gzipError(source, e);
            }
            if (c < 0 && len == 0) {
                return null;
            }
            number++;
            if (len > 0 && buf[len - 1] == '\r') {
                len--;
            }
            try {
                return Json.decodeUtf8(buf, 0, len);
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": line " + number + ": " + e.getMessage(), e);
            }
        }
    }

    private int resolveLabel(String[] names, int columns, String source) throws IOException {
        if (labelName != null) {
            if (names == null) {
                throw new IOException(source + ": label column '" + labelName + "' given by name but the file has no header");
            }
            for (int i = 0; i < names.length; i++) {
                if (names[i].strip().equals(labelName)) {
                    return i;
                }
            }
            throw new IOException(source + ": no column named '" + labelName + "' in the header");
        }
        int idx = labelIndex < 0 ? columns + labelIndex : labelIndex;
        if (idx < 0 || idx >= columns) {
            throw new IOException(source + ": label column " + labelIndex + " is out of range for " + columns + " columns");
        }
        return idx;
    }

    private String[] split(String line, String source, long lineNo) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IOException(source + ": line " + lineNo + ": unterminated quoted field");
        }
        out.add(cur.toString());
        return out.toArray(new String[0]);
    }
}
