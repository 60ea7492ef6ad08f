package dev.kiln.data;

/**
 * A data set read as a stream (a large file, a generator), like {@code torch.utils.data.IterableDataset}.
 * A {@link DataLoader} batches it in order; shuffling and samplers need random access instead.
 */
public interface IterableDataset extends Iterable<Sample> {
}
