package dev.kiln.cli.lab;

import dev.kiln.data.Datasets;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.zoo.Models;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.FineTuning;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notes' three ways to use a pretrained model. LeNet-5 is pretrained here on part of
 * MNIST-10k; the new, small data set is the bundled 8×8 optical digits, upscaled to 20×20 and
 * centred in 28×28 like MNIST — the same ten classes in a different hand and resolution. Mode 1
 * predicts with the pretrained network as it is; mode 2 freezes the convolutional base and trains
 * a new last layer only; mode 3 trains the whole network (new last layer) from the pretrained
 * weights. Accuracy on held-out digits and training time of each (time is shown, never asserted).
 */
final class FineTuningExperiment extends DescribedExperiment {
    /** MNIST images used for pretraining. */
    static final int PRETRAIN = 3000;
    /** Pretraining epochs. */
    static final int PRETRAIN_EPOCHS = 2;
    /** Digits in the new training set. */
    static final int NEW_TRAIN = 200;
    /** Fine-tuning epochs. */
    static final int EPOCHS = 8;

    /** One mode's result. */
    record Mode(String name, double accuracy, double seconds, int trainable) {
    }

    FineTuningExperiment() {
        super("fine-tuning", "Fine-tuning: predict only, train the head, train everything", Chapter.S002,
                "A pretrained model can be used three ways: predict only; train only the last (classification) layer, fast and "
                        + "already good; or train everything, which costs more time and gives a higher accuracy than training the "
                        + "head alone.");
    }

    /** The 8×8 digits (values 0–16) as MNIST-like 1×28×28 images in [0, 1]: nearest-neighbour 20×20, centred. */
    static LabTraining.Data upscaledDigits(long seed) {
        LabTraining.Data d = LabTraining.digits(seed);
        long[] idx = new long[28];
        for (int i = 0; i < 28; i++) {
            idx[i] = i < 4 || i >= 24 ? 64 : (i - 4) * 8 / 20;
        }
        int n = d.size();
        Tensor padded = Tensor.cat(1, d.x().reshape(n, 8, 8), Tensor.zeros(n, 1, 8));
        Tensor rows = padded.indexSelect(1, Tensor.of(clampTo(idx, 8)));
        Tensor cols = Tensor.cat(2, rows, Tensor.zeros(n, 28, 1)).indexSelect(2, Tensor.of(clampTo(idx, 8)));
        return new LabTraining.Data(cols.reshape(n, 1, 28, 28).contiguous(), d.y());
    }

    /** The index array with every out-of-image index replaced by {@code blank} (the zero row/column). */
    private static long[] clampTo(long[] idx, int blank) {
        long[] out = idx.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] >= blank ? blank : out[i];
        }
        return out;
    }

    /** LeNet-5 pretrained on the first {@link #PRETRAIN} MNIST-10k training images. */
    static Sequential pretrain(long seed) {
        Kiln.manualSeed(seed);
        Sequential net = Models.lenet5(10);
        var mnist = Datasets.mnist10k().train();
        LabTraining.Data data = new LabTraining.Data(mnist.inputs().narrow(0, 0, PRETRAIN).to(DType.FLOAT32),
                mnist.targets().narrow(0, 0, PRETRAIN));
        Adam opt = new Adam(net.parameters(), Adam.Options.of(1e-3));
        Generator g = new Generator(seed);
        for (int e = 0; e < PRETRAIN_EPOCHS; e++) {
            LabTraining.epoch(net, opt, data, 32, g);
        }
        return net;
    }

    /** Trains {@code net}'s trainable parameters on the new data and measures the time. */
    static double fineTune(Sequential net, LabTraining.Data train, long seed) {
        List<Tensor> trainable = net.parameters().stream().filter(Tensor::requiresGrad).toList();
        Adam opt = new Adam(trainable, Adam.Options.of(1e-3));
        Generator g = new Generator(seed);
        long t0 = System.nanoTime();
        for (int e = 0; e < EPOCHS; e++) {
            LabTraining.epoch(net, opt, train, 20, g);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The three modes on a network pretrained with {@code seed}. */
    static List<Mode> modes(long seed) {
        LabTraining.Data digits = upscaledDigits(seed);
        LabTraining.Data train = digits.rows(0, NEW_TRAIN);
        LabTraining.Data test = digits.rows(NEW_TRAIN, digits.size());
        Sequential pretrained = pretrain(seed);
        Map<String, Tensor> weights = pretrained.stateDict();
        List<Mode> modes = new ArrayList<>();
        modes.add(new Mode("1. predict only", LabTraining.accuracy(pretrained, test), 0, 0));

        Kiln.manualSeed(seed + 1);
        Sequential base = Models.lenet5(10);
        base.loadStateDict(weights);
        Sequential head = FineTuning.replaceHead(base, new Linear(84, 10, new Generator(seed + 2)));
        FineTuning.freezeBase(head);
        double tHead = fineTune(head, train, seed);
        modes.add(new Mode("2. train the last layer", LabTraining.accuracy(head, test), tHead, count(head)));

        Kiln.manualSeed(seed + 1);
        Sequential all = Models.lenet5(10);
        all.loadStateDict(weights);
        all = FineTuning.replaceHead(all, new Linear(84, 10, new Generator(seed + 2)));
        double tAll = fineTune(all, train, seed);
        modes.add(new Mode("3. train everything", LabTraining.accuracy(all, test), tAll, count(all)));
        return modes;
    }

    private static int count(Sequential net) {
        return net.parameters().stream().filter(Tensor::requiresGrad).mapToInt(Tensor::numel).sum();
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        r.paragraph("LeNet-5 pretrained on " + PRETRAIN + " MNIST-10k images (" + PRETRAIN_EPOCHS + " epochs, Adam 1e-3). New task: "
                + "the 8×8 optical digits upscaled to 28×28 — " + NEW_TRAIN + " for training (" + EPOCHS + " epochs, Adam 1e-3, "
                + "batches of 20), the other " + (1797 - NEW_TRAIN) + " for testing.");
        List<Mode> modes = modes(seed);
        List<List<String>> rows = new ArrayList<>();
        for (Mode m : modes) {
            rows.add(List.of(m.name(), String.valueOf(m.trainable()), String.format(Locale.ROOT, "%.1f%%", 100 * m.accuracy()),
                    String.format(Locale.ROOT, "%.2f s", m.seconds())));
        }
        r.table(List.of("mode", "trainable parameters", "test accuracy", "training time"), rows);
        r.barChart("accuracy.png", "Test accuracy on the upscaled digits by mode", "accuracy",
                modes.stream().map(Mode::name).toList(), Map.of("test accuracy", modes.stream().mapToDouble(Mode::accuracy).toArray()));
        r.barChart("time.png", "Training time by mode (this machine)", "seconds", modes.stream().map(Mode::name).toList(),
                Map.of("training time", modes.stream().mapToDouble(Mode::seconds).toArray()));
        double predict = modes.get(0).accuracy();
        double head = modes.get(1).accuracy();
        double all = modes.get(2).accuracy();
        boolean holds = head > predict && all > head;
        return new Finding(String.format(Locale.ROOT, "test accuracy: predict only %.1f%%, train the last layer %.1f%% (%.2f s), train "
                + "everything %.1f%% (%.2f s)", 100 * predict, 100 * head, modes.get(1).seconds(), 100 * all, modes.get(2).seconds()),
                holds);
    }
}
