package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;

/**
 * Triplet margin: max(0, d(a,p) − d(a,n) + margin) with p-norm distances; forward(anchor, positive,
 * negative). Module form of {@link MarginLosses#tripletMarginLoss}.
 *
 * <pre>{@code
 * var triplet = new TripletMarginLoss(TripletMarginLoss.Options.defaults().withMargin(0.2).withSwap(true));
 * }</pre>
 *
 * <p>{@code forward(anchor, positive, negative)}: {@code anchor} the anchor embeddings (N, D);
 * {@code positive} embeddings of the same class as the anchors (N, D); {@code negative} embeddings
 * of other classes (N, D).
 */
public final class TripletMarginLoss extends ThreeInputLoss {
    /**
     * The settings of a {@link TripletMarginLoss}, with its defaults; each {@code with…} returns a changed
     * copy.
     *
     * @param margin the margin of the loss
     * @param p the degree of the norm of the pairwise distances (2: Euclidean)
     * @param eps a small value added to the differences for numerical stability
     * @param swap whether to use the smaller of the anchor–negative and positive–negative distances (distance swap, Balntas et al. 2016)
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public record Options(double margin, double p, double eps, boolean swap, Reduction reduction) implements Settings<Options> {
        /**
         * {@return the defaults: margin 1, p 2, eps 1e-6, no swap, mean reduction}
         */
        public static Options defaults() {
            return new Options(1.0, 2.0, 1e-6, false, Reduction.MEAN);
        }

        /**
         * {@return a copy with another margin}
         *
         * @param v the margin
         */
        public Options withMargin(double v) {
            return new Options(v, p, eps, swap, reduction);
        }

        /**
         * {@return a copy with another p}
         *
         * @param v the norm degree
         */
        public Options withP(double v) {
            return new Options(margin, v, eps, swap, reduction);
        }

        /**
         * {@return a copy with another eps}
         *
         * @param v the stability term
         */
        public Options withEps(double v) {
            return new Options(margin, p, v, swap, reduction);
        }

        /**
         * {@return a copy with another swap}
         *
         * @param v whether to swap distances
         */
        public Options withSwap(boolean v) {
            return new Options(margin, p, eps, v, reduction);
        }
    }

    /** The loss with the defaults (margin 1, p 2, eps 1e-6, no swap, mean reduction). */
    public TripletMarginLoss() {
        this(Options.defaults());
    }

    /**
     * The loss with the defaults and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public TripletMarginLoss(Reduction reduction) {
        this(Options.defaults().withReduction(reduction));
    }

    /**
     * The loss with the given options.
     *
     * @param options the settings, from {@link Options#defaults()}
     */
    public TripletMarginLoss(Options options) {
        super(options, "anchor, positive, negative", (anchor, positive, negative) -> MarginLosses.tripletMarginLoss(
                anchor, positive, negative, options.margin(), options.p(), options.eps(), options.swap(), options.reduction()));
    }
}
