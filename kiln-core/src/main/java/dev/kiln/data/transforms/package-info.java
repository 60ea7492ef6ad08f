/** Sample transforms (normalisation, scaling, random crops and flips), some invertible. */
package dev.kiln.data.transforms;
