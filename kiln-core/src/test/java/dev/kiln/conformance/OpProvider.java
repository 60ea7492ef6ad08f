package dev.kiln.conformance;

import java.util.Map;

/**
 * Registers the conformance ops of one area (tensor ops, activations, losses …). The runner
 * loads every provider listed in {@code ConformanceRunner.PROVIDERS} that exists on the class
 * path, so each area adds its own file: {@code TensorOps}, {@code ActivationOps},
 * {@code LossOps}, {@code MetricLossOps}, {@code InitOps}, {@code NnLayerOps},
 * {@code NormalizationOps}, {@code ConvPoolOps} (all in package {@code dev.kiln.conformance}).
 */
public interface OpProvider {
    /** Adds handlers by op name, as the JSON files spell them ({@code "log_softmax"}). */
    void register(Map<String, OpHandler> ops);
}
