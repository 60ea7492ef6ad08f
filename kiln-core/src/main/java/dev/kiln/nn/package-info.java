/**
 * Neural-network modules: {@link dev.kiln.nn.Module} (parameters, buffers and children by name,
 * train/eval, state dicts), containers ({@link dev.kiln.nn.Sequential}, {@link dev.kiln.nn.ModuleList},
 * {@link dev.kiln.nn.ModuleDict}) and layers (linear, convolution, pooling, normalisation, dropout,
 * embedding). Import {@code dev.kiln.nn.Module} by name: after {@code import dev.kiln.nn.*;} the simple
 * name {@code Module} still means {@code java.lang.Module}.
 */
package dev.kiln.nn;
