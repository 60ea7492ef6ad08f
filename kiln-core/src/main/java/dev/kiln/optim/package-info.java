/**
 * Optimisers ({@code SGD}, {@code Adam}, {@code AdamW}, {@code LBFGS}, …) with typed parameter groups,
 * gradient clipping and exponential moving averages of weights.
 */
package dev.kiln.optim;
