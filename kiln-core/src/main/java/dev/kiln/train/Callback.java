package dev.kiln.train;

/**
 * Hooks into a training run. Every method has an empty default, so a callback implements only
 * what it needs; {@link #onEpochEnd} may ask the trainer to stop.
 */
public interface Callback {
    /** Called once before the first epoch. */
    default void onTrainBegin(Trainer trainer) {
    }

    /**
     * Called after the backward pass of each accumulation group, before gradient clipping and the
     * optimiser step, with the number of samples the gradients come from. A data-parallel trainer
     * averages its replicas' gradients here (weighted by {@code samples}), so that clipping and the
     * step see the gradients of the whole global batch.
     */
    default void onGradients(Trainer trainer, long samples) {
    }

    /** Called after each optimiser step with the step's loss and learning rate. */
    default void onStepEnd(Trainer trainer, long step, double loss, double learningRate) {
    }

    /**
     * Called after each epoch (after validation).
     *
     * @return true to stop training after this epoch
     */
    default boolean onEpochEnd(Trainer trainer, EpochResult result) {
        return false;
    }

    /** Called once when training ends (normally or stopped early). */
    default void onTrainEnd(Trainer trainer, History history) {
    }
}
