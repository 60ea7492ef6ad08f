package dev.kiln.data;

import dev.kiln.data.transforms.Transform;

/** A data set whose inputs pass through a transform when read (targets unchanged). */
public final class TransformedDataset implements Dataset {
    private final Dataset source;
    private final Transform transform;

    /**
     * Applies {@code transform} to each input of {@code source}.
     *
     * @param source the data set
     * @param transform applied to each input when it is read
     */
    public TransformedDataset(Dataset source, Transform transform) {
        this.source = source;
        this.transform = transform;
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public Sample get(int index) {
        Sample s = source.get(index);
        return new Sample(transform.apply(s.input()), s.target());
    }
}
