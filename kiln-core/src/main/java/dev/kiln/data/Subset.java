package dev.kiln.data;

/** The samples of another data set at the given indices, in that order. */
public final class Subset implements Dataset {
    private final Dataset source;
    private final int[] indices;

    /**
     * A view of {@code source} restricted to {@code indices}.
     *
     * @param source the underlying data set
     * @param indices the positions in {@code source} this subset holds, in order
     */
    public Subset(Dataset source, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= source.size()) {
                throw new IndexOutOfBoundsException("Subset: index " + i + " is out of range for a data set of " + source.size());
            }
        }
        this.source = source;
        this.indices = indices.clone();
    }

    /**
     * The underlying data set.
     *
     * @return the data set this subset views
     */
    public Dataset source() {
        return source;
    }

    /**
     * The indices into the underlying data set.
     *
     * @return a copy of the indices
     */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Sample get(int index) {
        return source.get(indices[index]);
    }
}
