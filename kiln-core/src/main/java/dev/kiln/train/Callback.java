package dev.kiln.train;

/**
 * Hooks into a training run. Every method has an empty default, so a callback implements only
 * what it needs; {@link #onEpochEnd} may ask the trainer to stop.
 */
public interface Callback {
    /**
     * Called once before the first epoch.
     *
     * @param trainer the trainer running the loop (its model, optimiser, epoch and step)
     */
    default void onTrainBegin(Trainer trainer) {
    }

    /**
     * Called after the backward pass of each accumulation group, before gradient clipping and the
     * optimiser step, with the number of samples the gradients come from. A data-parallel trainer
     * averages its replicas' gradients here (weighted by {@code samples}), so that clipping and the
     * step see the gradients of the whole global batch.
     *
     * @param trainer the trainer running the loop
     * @param samples the number of samples the accumulated gradients come from
     */
    default void onGradients(Trainer trainer, long samples) {
    }

    /**
     * Called after each optimiser step with the step's loss and learning rate.
     *
     * @param trainer the trainer running the loop (its model, optimiser, epoch and step)
     * @param step the global step just taken, from 1
     * @param loss the loss of the step's batch
     * @param learningRate the learning rate the step used
     */
    default void onStepEnd(Trainer trainer, long step, double loss, double learningRate) {
    }

    /**
     * Called after each epoch (after validation).
     *
     * @param trainer the trainer running the loop (its model, optimiser, epoch and step)
     * @param result the epoch's training and validation figures
     * @return true to stop training after this epoch
     */
    default boolean onEpochEnd(Trainer trainer, EpochResult result) {
        return false;
    }

    /**
     * Called once when training ends (normally or stopped early).
     *
     * @param trainer the trainer running the loop (its model, optimiser, epoch and step)
     * @param history every epoch's figures and every step's loss and learning rate
     */
    default void onTrainEnd(Trainer trainer, History history) {
    }
}
