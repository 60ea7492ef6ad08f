/**
 * The stateless functions behind the layers and losses ({@code F.*} in PyTorch): activations,
 * convolution, pooling, normalisation, losses; modules hold parameters and call these.
 */
package dev.kiln.nn.functional;
