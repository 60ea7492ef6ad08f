/** The training loop ({@link dev.kiln.train.Trainer}), metrics, callbacks, progress display and checkpoints. */
package dev.kiln.train;
