package dev.kiln.train;

/**
 * The loss and (for classification) the accuracy of a model over a data set.
 *
 * @param loss the mean loss per sample
 * @param accuracy the fraction of samples classified correctly (NaN for regression)
 * @param top5Accuracy the fraction whose class is among the 5 highest scores
 * @param samples the number of samples evaluated
 */
public record EvalResult(double loss, double accuracy, double top5Accuracy, long samples) {
}
