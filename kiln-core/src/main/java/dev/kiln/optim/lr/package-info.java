/** Learning-rate schedules ({@code StepLR}, {@code CosineAnnealingLR}, {@code OneCycleLR}, warm-up, plateau, …). */
package dev.kiln.optim.lr;
