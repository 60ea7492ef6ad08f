package dev.kiln.tune;

/**
 * The range a parameter is drawn from, as Optuna's distributions: a float range, an int range or a
 * list of categorical choices.
 *
 * <p>Samplers work on the <em>internal</em> representation, a {@code double}: the value itself
 * for float and int ranges (log scaling is left to the sampler, as in Optuna), the index of the
 * choice for categoricals. {@link #toInternal} and {@link #toExternal} convert between the two.
 */
public sealed interface Distribution permits FloatDistribution, IntDistribution, CategoricalDistribution {

    /** The internal {@code double} of an external value (a Double, Integer or one of the choices). */
    double toInternal(Object value);

    /** The external value (Double, Integer or the choice) of an internal {@code double}. */
    Object toExternal(double internal);

    /** True when the internal value lies in the range (on the step grid, for stepped ranges). */
    boolean contains(double internal);

    /** True when the range holds exactly one value, which then needs no sampling. */
    boolean isSingle();

    /** This distribution as a JSON-ready map (see {@link Distributions#fromMap}). */
    java.util.Map<String, Object> toMap();
}
