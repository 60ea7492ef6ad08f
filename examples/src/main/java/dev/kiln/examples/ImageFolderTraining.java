package dev.kiln.examples;

import dev.kiln.data.ColorMode;
import dev.kiln.data.DataLoader;
import dev.kiln.data.ImageFolder;
import dev.kiln.data.Splits;
import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.train.EvalResult;
import dev.kiln.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Training from a folder of images with one sub-folder per class ({@code root/cat/001.png}), like
 * torchvision's ImageFolder: the images are read as grey-scale {@code size}×{@code size}, split 80/20
 * by class, and a small CNN is trained on them.
 */
public final class ImageFolderTraining {
    private ImageFolderTraining() {
    }

    /** The class names (sorted sub-folder names) and the test accuracy. */
    public record Result(List<String> classes, double testAccuracy) {
    }

    /**
     * Reads the folder, trains and evaluates.
     *
     * @param root the image folder
     * @param size the side images are resized to (a multiple of 4)
     * @param epochs epochs
     * @return the class names and the test accuracy
     * @throws IOException if the folder cannot be read
     */
    public static Result run(Path root, int size, int epochs) throws IOException {
        Kiln.manualSeed(0);
        ImageFolder.Result images = ImageFolder.read(root, size, size, ColorMode.GREY);
        List<String> classes = images.classes();
        System.out.println(images.dataset().size() + " images of " + classes.size() + " classes " + classes);
        List<Subset> parts = Splits.stratified(images.dataset(), images.dataset().targets(), new double[] {0.8, 0.2}, new Generator(0));
        TensorDataset train = Splits.materialize(parts.get(0));
        TensorDataset test = Splits.materialize(parts.get(1));
        Sequential model = new Sequential(new Conv2d(1, 8, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Conv2d(8, 16, 3, 1, 1), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(16 * (size / 4) * (size / 4), classes.size()));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Trainer trainer = Trainer.builder(model, loss::forward, new Adam(model.parameters(), Adam.Options.of(2e-3))).epochs(epochs)
                .progress(System.out).build();
        DataLoader testLoader = DataLoader.builder(test).batchSize(64).build();
        trainer.fit(DataLoader.builder(train).batchSize(16).shuffle(true).seed(0).build(), testLoader);
        EvalResult r = trainer.evaluate(testLoader);
        System.out.printf("test accuracy: %.2f%%%n", 100 * r.accuracy());
        return new Result(classes, r.accuracy());
    }

    /**
     * Runs the example.
     *
     * @param args the image folder, then optionally the image size (default 28) and epochs (default 5)
     * @throws IOException if the folder cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ImageFolderTraining FOLDER [SIZE] [EPOCHS]  (FOLDER/<class>/<image>.png)");
            System.exit(2);
        }
        run(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 28, args.length > 2 ? Integer.parseInt(args[2]) : 5);
    }
}
