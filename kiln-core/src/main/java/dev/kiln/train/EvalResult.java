package dev.kiln.train;

/** The loss and (for classification) the accuracy of a model over a data set. */
public record EvalResult(double loss, double accuracy, double top5Accuracy, long samples) {
}
