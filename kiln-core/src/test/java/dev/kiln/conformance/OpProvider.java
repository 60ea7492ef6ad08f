package dev.kiln.conformance;

import java.util.Map;

/**
 * Registers the conformance ops of one area (tensor ops, activations, losses …). The runner
 * loads every provider listed in {@code ConformanceRunner.PROVIDERS} that exists on the class
 * path, so each area adds its own file: {@code TensorOps}, {@code ActivationOps},
 * {@code LossOps}, {@code MetricLossOps}, {@code InitOps}, {@code NnLayerOps},
 * {@code NormalizationOps}, {@code ConvPoolOps} (all in package {@code dev.kiln.conformance}).
 *
 * <p>All providers fill one registry, and program steps (SCHEMA.md §3) look their ops up there
 * too, so an op is registered once, by the area that owns it (for example {@code sigmoid} and
 * {@code softmax} by {@code ActivationOps}, {@code linear} by {@code NnLayerOps}).
 *
 * <p>The handler contract:
 * <ul>
 *   <li><b>Standard cases</b> (§2): the handler gets the decoded inputs (a {@code Tensor}, or a
 *       {@code List<Tensor>} for list inputs; an absent optional input is missing from the map)
 *       and the attrs, and returns every output by name ({@code "output"} for single-output ops).
 *       It must compute with autograd on: the runner back-propagates
 *       {@code Σ_k sum(outputs[k]·grad_outputs[k])} and reads each input's {@code .grad}.</li>
 *   <li><b>Initialisers</b> (§4.1, {@code expect} cases): the handler gets <em>no inputs</em>
 *       (an empty map), only the attrs, and returns {@code {"output": tensor}}: a freshly
 *       initialised tensor of shape {@code attrs.shape}. The runner calls it again and again to
 *       collect {@code tolerance.min_samples} values, so each call must draw new random numbers.
 *       {@code calculate_gain} returns {@code {"output": scalar tensor}};
 *       {@code calculate_fan_in_and_fan_out} returns {@code {"fan_in": scalar, "fan_out": scalar}}.</li>
 *   <li><b>Dropout</b> (§4.2): the handler gets its {@code input} and the attrs and returns
 *       {@code {"output": tensor}}.</li>
 * </ul>
 * A handler throws {@link UnsupportedOperationException} for an op or an attribute combination it
 * does not implement yet: the case then counts as unsupported, not failed.
 */
public interface OpProvider {
    /** Adds handlers by op name, as the JSON files spell them ({@code "log_softmax"}). */
    void register(Map<String, OpHandler> ops);
}
