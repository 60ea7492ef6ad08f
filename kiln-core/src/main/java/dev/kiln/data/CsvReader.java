package dev.kiln.data;

import dev.kiln.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads numeric CSV files into a {@link TensorDataset}: features as float32 (N, F) and the label
 * column as int64 class indices (or float32 values for regression).
 *
 * <pre>{@code
 * TensorDataset d = CsvReader.builder().header(true).labelColumn("species").read(Path.of("iris.csv"));
 * }</pre>
 * A ragged row or a non-numeric value is refused with the file, the line and the column.
 */
public final class CsvReader {
    private boolean header = true;
    private String labelName;
    private int labelIndex = -1;
    private boolean regression;
    private char separator = ',';

    private CsvReader() {
    }

    /** A reader with a header line and the label in the last column. */
    public static CsvReader builder() {
        return new CsvReader();
    }

    /** Whether the first line is a header (default true). */
    public CsvReader header(boolean h) {
        header = h;
        return this;
    }

    /** The label column by header name. */
    public CsvReader labelColumn(String name) {
        labelName = name;
        return this;
    }

    /** The label column by index (negative counts from the end; default -1, the last). */
    public CsvReader labelColumn(int index) {
        labelIndex = index;
        labelName = null;
        return this;
    }

    /** Read the label as a float value (regression) instead of a class index. */
    public CsvReader regression(boolean r) {
        regression = r;
        return this;
    }

    /** The field separator (default ','). */
    public CsvReader separator(char c) {
        separator = c;
        return this;
    }

    /** Reads a file (gzip-compressed when its name ends in .gz). */
    public TensorDataset read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return read(path.toString().endsWith(".gz") ? new GZIPInputStream(in) : in, path.toString());
        }
    }

    /** Reads from a stream; {@code source} names it in errors. */
    public TensorDataset read(InputStream in, String source) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        int columns = -1;
        int label = -1;
        List<float[]> features = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        String[] names = null;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = split(line);
            if (header && names == null) {
                names = fields;
                continue;
            }
            if (columns < 0) {
                columns = fields.length;
                label = resolveLabel(names, columns, source);
            }
            if (fields.length != columns) {
                throw new IOException(source + ": line " + lineNo + " has " + fields.length + " fields, expected " + columns);
            }
            float[] row = new float[columns - 1];
            for (int c = 0, j = 0; c < columns; c++) {
                double v;
                try {
                    v = Double.parseDouble(fields[c].strip());
                } catch (NumberFormatException e) {
                    throw new IOException(source + ": line " + lineNo + ", column " + (c + 1) + ": '" + fields[c].strip()
                            + "' is not a number");
                }
                if (c == label) {
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
        } else {
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                double v = labels.get(i);
                if (v != Math.rint(v) || v < 0) {
                    throw new IOException(source + ": row " + (i + 1) + ": class label " + v
                            + " is not a non-negative integer (use regression for real-valued targets)");
                }
                y[i] = (long) v;
            }
            targets = Tensor.fromArray(y, n);
        }
        return new TensorDataset(Tensor.fromArray(x, n, f), targets);
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

    private String[] split(String line) {
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
        out.add(cur.toString());
        return out.toArray(new String[0]);
    }
}
