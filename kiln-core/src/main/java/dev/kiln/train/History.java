package dev.kiln.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The record of a training run: one {@link EpochResult} per epoch and the learning rate of every step. */
public final class History {
    private final List<EpochResult> epochs = new ArrayList<>();
    private final List<Double> stepLearningRates = new ArrayList<>();
    private final List<Double> stepLosses = new ArrayList<>();

    /** An empty record. */
    public History() {
    }

    /** Appends an epoch. */
    public void addEpoch(EpochResult r) {
        epochs.add(r);
    }

    /** Appends one optimiser step's learning rate and loss. */
    public void addStep(double learningRate, double loss) {
        stepLearningRates.add(learningRate);
        stepLosses.add(loss);
    }

    /** The epochs so far. */
    public List<EpochResult> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The learning rate used by each step. */
    public List<Double> stepLearningRates() {
        return Collections.unmodifiableList(stepLearningRates);
    }

    /** The training loss of each step. */
    public List<Double> stepLosses() {
        return Collections.unmodifiableList(stepLosses);
    }

    /** The last epoch, or null. */
    public EpochResult last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
