/**
 * Data loading: datasets, {@link dev.kiln.data.DataLoader} with samplers and batching, readers (IDX,
 * CSV, image folders) and the bundled data sets.
 */
package dev.kiln.data;
