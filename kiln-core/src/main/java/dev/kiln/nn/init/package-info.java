/** Weight initialisers ({@link dev.kiln.nn.init.Init}: Xavier/Glorot, Kaiming/He, orthogonal, …) with {@code calculateGain}. */
package dev.kiln.nn.init;
