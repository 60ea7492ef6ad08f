package dev.kiln.data;

/**
 * A data set with random access, like {@code torch.utils.data.Dataset}: a size and the sample at
 * an index. Implementations must be safe to read from several threads (the data loader's workers).
 */
public interface Dataset {
    /**
     * The number of samples.
     *
     * @return the number of samples
     */
    int size();

    /**
     * The sample at {@code index} in [0, size()).
     *
     * @param index the sample's position
     * @return its input and target
     */
    Sample get(int index);
}
