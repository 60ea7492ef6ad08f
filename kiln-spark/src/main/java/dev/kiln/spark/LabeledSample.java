package dev.kiln.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One training sample as an RDD holds it: the features (flattened, float32) and the class label.
 * {@link SparkTrainer.Builder#trainingData} trains on an RDD of them, each replica on its
 * partition.
 *
 * @param features the input, flattened; reshaped to the trainer's sample shape
 * @param label the class index
 */
public record LabeledSample(float[] features, long label) implements Serializable {
    public LabeledSample {
        Objects.requireNonNull(features, "labeled sample: features");
    }

    /**
     * The rows of a DataFrame as samples: {@code featuresColumn} an array of numbers
     * ({@code array<float>} or {@code array<double>}), {@code labelColumn} a number.
     *
     * @throws IllegalArgumentException when a column is missing (a row with a null or non-numeric
     *     value fails its task with the row's position in the message)
     */
    public static JavaRDD<LabeledSample> fromRows(Dataset<Row> rows, String featuresColumn, String labelColumn) {
        List<String> columns = List.of(rows.columns());
        for (String c : List.of(featuresColumn, labelColumn)) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("labeled samples: the data frame has no column '" + c + "'; it has " + columns);
            }
        }
        int f = rows.schema().fieldIndex(featuresColumn);
        int l = rows.schema().fieldIndex(labelColumn);
        return rows.toJavaRDD().map(row -> of(row, f, l, featuresColumn, labelColumn));
    }

    private static LabeledSample of(Row row, int f, int l, String featuresColumn, String labelColumn) {
        if (row.isNullAt(f) || row.isNullAt(l)) {
            throw new IllegalArgumentException("labeled samples: a row has no value in " + (row.isNullAt(f) ? featuresColumn : labelColumn) + ": " + row);
        }
        List<Object> values = row.getList(f);
        float[] features = new float[values.size()];
        for (int i = 0; i < features.length; i++) {
            if (!(values.get(i) instanceof Number n)) {
                throw new IllegalArgumentException("labeled samples: " + featuresColumn + " holds a non-number " + values.get(i) + " in row " + row);
            }
            features[i] = n.floatValue();
        }
        if (!(row.get(l) instanceof Number label)) {
            throw new IllegalArgumentException("labeled samples: " + labelColumn + " is not a number in row " + row);
        }
        return new LabeledSample(features, label.longValue());
    }
}
