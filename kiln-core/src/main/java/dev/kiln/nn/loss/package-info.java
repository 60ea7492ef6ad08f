/** Loss modules (cross-entropy, MSE, Huber, focal, triplet, …), each a thin class over {@link dev.kiln.nn.functional}. */
package dev.kiln.nn.loss;
