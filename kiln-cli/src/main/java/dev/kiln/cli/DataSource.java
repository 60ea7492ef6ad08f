package dev.kiln.cli;

import dev.kiln.data.ColorMode;
import dev.kiln.data.CsvReader;
import dev.kiln.data.Datasets;
import dev.kiln.data.IdxReader;
import dev.kiln.data.ImageFolder;
import dev.kiln.data.Splits;
import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.data.transforms.Standardize;
import dev.kiln.data.transforms.Transform;
import dev.kiln.tensor.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Resolves the {@code --data} option: a bundled set by name, an IDX folder of MNIST layout, an
 * image folder (one sub-folder per class) or a CSV file. Tabular data is split 80/20 into train and
 * test by class (stratified, from the seed) and standardised with statistics of the train split.
 * {@code classNames} are the sub-folder names of an image folder, the names in a CSV's label column,
 * or those a bundled set's header declares (iris, wine, breast-cancer); null where classes have no
 * names (the digit sets, numeric CSV labels). Images of an image folder are read as grey-scale (1
 * channel) or RGB (3 channels); {@link #defaultChannels} picks one from the model.
 */
record DataSource(String name, TensorDataset train, TensorDataset test, int[] sampleShape, int classes, Transform transform,
        List<String> classNames) {
    static final List<String> BUNDLED = List.of("mnist10k", "iris", "digits", "wine", "breast-cancer");

    /**
     * Loads {@code --data}.
     *
     * @param spec a bundled set's name or a path
     * @param seed the seed of the train/test split of tabular data and image folders
     * @param imageSize the side images of an image folder are resized to
     * @param channels 1 to read an image folder as grey-scale, 3 as RGB (other data ignore it)
     */
    static DataSource load(String spec, long seed, int imageSize, int channels) throws IOException {
        String key = spec.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "mnist10k", "mnist" -> images("mnist10k", Datasets.mnist10k());
            case "iris" -> tabular("iris", "iris", Datasets.iris(), Datasets.classNames("iris"), seed);
            case "digits" -> tabular("digits", "digits", Datasets.digits(), List.of(), seed);
            case "wine" -> tabular("wine", "wine", Datasets.wine(), Datasets.classNames("wine"), seed);
            case "breast-cancer", "breast_cancer" -> tabular("breast-cancer", "breast-cancer", Datasets.breastCancer(),
                    Datasets.classNames("breast-cancer"), seed);
            default -> fromPath(spec, seed, imageSize, channels);
        };
    }

    /**
     * How images of an image folder are read for {@code model} when {@code --channels} is not given:
     * RGB (3) for the CIFAR-style networks (resnet18, vgg) and for an ONNX model that declares 3 input
     * channels, grey-scale (1) for the rest, which are made for MNIST-style digits.
     */
    static int defaultChannels(String model) {
        if (OnnxModels.isOnnx(model)) {
            return OnnxModels.declaredChannels(Path.of(model)) == 3 ? 3 : 1;
        }
        String name = model.strip().toLowerCase(Locale.ROOT);
        return name.startsWith("resnet") || name.equals("vgg") || name.equals("cifar_vgg") ? 3 : 1;
    }

    /** Checks a {@code --channels} value: 1 (grey) or 3 (RGB). */
    static int checkChannels(int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("--channels: expected 1 (grey-scale) or 3 (RGB), got " + channels);
        }
        return channels;
    }

    private static DataSource fromPath(String spec, long seed, int imageSize, int channels) throws IOException {
        Path p = Path.of(spec);
        if (!Files.exists(p)) {
            throw new IOException("--data: '" + spec + "' is neither a bundled data set (" + String.join(", ", BUNDLED)
                    + ") nor an existing file or folder");
        }
        if (Files.isDirectory(p)) {
            boolean idx;
            try (var files = Files.list(p)) {
                idx = files.anyMatch(f -> f.getFileName().toString().startsWith("train-images"));
            }
            if (idx) {
                return images(p.getFileName().toString(), IdxReader.readFolder(p));
            }
            ImageFolder.Result r = ImageFolder.read(p, imageSize, imageSize, ColorMode.ofChannels(checkChannels(channels)));
            List<Subset> parts = Splits.stratified(r.dataset(), r.dataset().targets(), new double[] {0.8, 0.2}, new Generator(seed));
            TensorDataset train = Splits.materialize(parts.get(0));
            TensorDataset test = nonEmpty(Splits.materialize(parts.get(1)), p.toString(), r.dataset().size());
            return new DataSource(p.getFileName().toString(), train, test, sampleShape(train), r.classes().size(), x -> x, r.classes());
        }
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv") || n.endsWith(".csv.gz")) {
            CsvReader.Labelled csv = CsvReader.builder().readLabelled(p);
            return tabular(p.getFileName().toString(), p.toString(), csv.dataset(), csv.classNames(), seed);
        }
        throw new IOException("--data: " + spec + " is not a folder or a .csv file");
    }

    private static DataSource images(String name, Datasets.Split split) {
        return new DataSource(name, split.train(), split.test(), sampleShape(split.train()), classes(split.train(), split.test()), x -> x, null);
    }

    /** The 20% test split, refused when a data set is too small to have one (rather than reporting 0.00% accuracy). */
    private static TensorDataset nonEmpty(TensorDataset test, String name, int total) {
        if (test.size() == 0) {
            throw new IllegalArgumentException(name + ": " + total + " samples are too few: the 20% test split (taken per class) is empty;"
                    + " a class gives it a sample from 5 samples on");
        }
        return test;
    }

    private static DataSource tabular(String name, String where, TensorDataset all, List<String> classNames, long seed) {
        List<Subset> parts = Splits.stratified(all, all.targets(), new double[] {0.8, 0.2}, new Generator(seed));
        TensorDataset train = Splits.materialize(parts.get(0));
        TensorDataset test = nonEmpty(Splits.materialize(parts.get(1)), where, all.size());
        Standardize z = Standardize.fit(train.inputs());
        train = new TensorDataset(z.apply(train.inputs()), train.targets());
        test = new TensorDataset(z.apply(test.inputs()), test.targets());
        int classes = classes(train, test);
        return new DataSource(name, train, test, sampleShape(train), Math.max(classes, classNames.size()), z,
                classNames.isEmpty() ? null : classNames);
    }

    private static int[] sampleShape(TensorDataset d) {
        int[] s = d.inputs().shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    private static int classes(TensorDataset a, TensorDataset b) {
        long max = 0;
        for (long v : a.targets().toLongArray()) {
            max = Math.max(max, v);
        }
        for (long v : b.targets().toLongArray()) {
            max = Math.max(max, v);
        }
        return (int) max + 1;
    }
}
