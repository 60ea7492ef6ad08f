/** Activation layers ({@code ReLU}, {@code GELU}, {@code Softmax}, …): thin modules over {@link dev.kiln.nn.functional}. */
package dev.kiln.nn.activation;
