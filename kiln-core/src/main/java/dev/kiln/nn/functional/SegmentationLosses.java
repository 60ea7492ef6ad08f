package dev.kiln.nn.functional;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Segmentation losses (SCHEMA.md §7.4): soft Dice, sensitivity–specificity (Brosch et al. 2015)
 * and the Lovász hinge / Lovász-softmax surrogates of the Jaccard index (Berman et al. 2018).
 *
 * <p>The Lovász losses sort the errors on plain arrays and turn the sorted Lovász gradient into
 * a constant weight per pixel, so that loss = Σ relu(error)·weight (hinge) or
 * Σ |fg − p|·weight (softmax): the gradient flows through the errors exactly as through the
 * sorted sum, and no tensor sort is needed.
 */
public final class SegmentationLosses {
    private SegmentationLosses() {
    }

    /**
     * {@return soft Dice on probabilities (N, …) and 0/1 targets of the same shape: per sample,
     * dice_n = (2·Σ p·t + s) / (Σ p + Σ t + s) over the non-batch elements, loss_n = 1 − dice_n}
     *
     * @param input probabilities, (N, …)
     * @param target binary masks of the input's shape
     * @param smooth the term added to numerator and denominator (≥ 0)
     * @param reduction how the per-element losses are combined: none (the loss tensor), mean or sum
     */
    public static Tensor diceLoss(Tensor input, Tensor target, double smooth, Reduction reduction) {
        ClassificationLosses.sameShape("dice_loss", input, target);
        if (input.dim() < 1) {
            throw new IllegalArgumentException("dice_loss: expected an input with a batch dimension, got a scalar");
        }
        int n = input.size(0);
        Tensor p = input.reshape(n, -1);
        Tensor t = target.to(p.dtype()).reshape(n, -1);
        Tensor inter = p.mul(t).sum(1, false);
        Tensor dice = inter.mul(2).add(smooth).div(p.sum(1, false).add(t.sum(1, false)).add(smooth));
        return reduction.apply(dice.rsub(1));
    }

    /**
     * {@return sensitivity–specificity loss on probabilities (N, C, …) and binary targets of the same
     * shape; for each class c, summing over all dimensions but 1:
     * sens_c = Σ(t−p)²·t / (Σt + eps), spec_c = Σ(t−p)²·(1−t) / (Σ(1−t) + eps), and
     * loss = Σ_c [λ·sens_c + (1−λ)·spec_c]} Returns a scalar.
     *
     * @param input probabilities, (N, …)
     * @param target binary masks of the input's shape
     * @param lambda the weight of sensitivity against specificity, in [0, 1]
     * @param eps a small positive term that keeps the computation finite
     */
    public static Tensor sensitivitySpecificityLoss(Tensor input, Tensor target, double lambda, double eps) {
        ClassificationLosses.sameShape("sensitivity_specificity_loss", input, target);
        if (input.dim() < 2) {
            throw new IllegalArgumentException("sensitivity_specificity_loss: expected (N, C, ...), got " + Shape.str(input.shape()));
        }
        int[] dims = new int[input.dim() - 1];
        dims[0] = 0;
        for (int i = 2; i < input.dim(); i++) {
            dims[i - 1] = i;
        }
        Tensor t = target.to(Pointwise.floating(input).dtype());
        Tensor sq = t.sub(input).square();
        Tensor bg = t.rsub(1);
        Tensor sens = sq.mul(t).sum(dims, false).div(t.sum(dims, false).add(eps));
        Tensor spec = sq.mul(bg).sum(dims, false).div(bg.sum(dims, false).add(eps));
        return sens.mul(lambda).add(spec.mul(1 - lambda)).sum();
    }

    /**
     * {@return binary Lovász hinge on logits (N, H, W) (any (N, …)) and int64 labels 0/1 of the same
     * shape; pixels labelled {@code ignoreIndex} (nullable) are removed} With
     * errors = 1 − x·(2y − 1) sorted in descending order: loss = Σ relu(e_sorted)·lovasz_grad.
     * {@code perImage}: the mean of per-image losses; otherwise one flat set. Returns a scalar.
     *
     * @param input logits (N, H, W)
     * @param target binary masks (N, H, W)
     * @param perImage true to compute the loss per image and average, false over the whole batch
     * @param ignoreIndex the target value whose pixels are skipped, or null
     */
    public static Tensor lovaszHinge(Tensor input, Tensor target, boolean perImage, Long ignoreIndex) {
        if (!Shape.same(input.shape(), target.shape()) || target.dtype() != DType.INT64 || input.dim() < 1) {
            throw new IllegalArgumentException("lovasz_hinge: expected logits (N, ...) and int64 labels of the same shape, got "
                    + Shape.str(input.shape()) + " and " + target.dtype() + Shape.str(target.shape()));
        }
        Tensor x = Pointwise.floating(input);
        double[] xv = x.toDoubleArray();
        long[] y = target.toLongArray();
        int images = perImage ? x.size(0) : 1;
        int per = xv.length / Math.max(images, 1);
        double[] signs = new double[xv.length];
        double[] weights = new double[xv.length];
        for (int k = 0; k < y.length; k++) {
            if (ignoreIndex == null || y[k] != ignoreIndex) {
                if (y[k] != 0 && y[k] != 1) {
                    throw new IllegalArgumentException("lovasz_hinge: label " + y[k] + " is neither 0, 1 nor ignore_index");
                }
                signs[k] = 2.0 * y[k] - 1;
            }
        }
        for (int img = 0; img < images; img++) {
            int lo = img * per;
            int count = 0;
            int[] idx = new int[per];
            for (int k = lo; k < lo + per; k++) {
                if (ignoreIndex == null || y[k] != ignoreIndex) {
                    idx[count++] = k;
                }
            }
            if (count == 0) {
                continue;
            }
            double[] errors = new double[count];
            double[] fg = new double[count];
            for (int j = 0; j < count; j++) {
                errors[j] = 1 - xv[idx[j]] * signs[idx[j]];
                fg[j] = y[idx[j]];
            }
            double scale = perImage ? 1.0 / images : 1.0;
            addLovaszWeights(Arrays.copyOf(idx, count), errors, fg, weights, scale);
        }
        Tensor signT = TensorInternals.wrap(Storage.wrap(signs), x.shape()).to(x.dtype());
        Tensor w = TensorInternals.wrap(Storage.wrap(weights), x.shape()).to(x.dtype());
        Tensor errors = input.mul(signT).rsub(1);
        return errors.relu().mul(w).sum();
    }

    /**
     * {@return multi-class Lovász-softmax on probabilities (N, C, H, W) (any (N, C, …)) and int64 labels
     * (N, H, W); pixels labelled {@code ignoreIndex} (nullable) are removed} For each class c,
     * errors = |fg_c − p_c| sorted in descending order and loss_c = Σ e_sorted·lovasz_grad(fg
     * sorted alike); the loss is the mean over the classes kept ({@link LovaszClasses.Present}: those
     * with a pixel in the set; {@link LovaszClasses.All}: every class; {@link LovaszClasses.Listed}: the
     * listed ones), 0 if none. {@code perImage}: the mean of
     * per-image losses. Returns a scalar.
     *
     * @param input probabilities (N, C, H, W)
     * @param target int64 class indices (N, H, W)
     * @param classes the classes averaged over: present in the target, all, or a list
     * @param perImage true to compute the loss per image and average, false over the whole batch
     * @param ignoreIndex the target value whose pixels are skipped, or null
     */
    public static Tensor lovaszSoftmax(Tensor input, Tensor target, LovaszClasses classes, boolean perImage, Long ignoreIndex) {
        if (input.dim() < 2 || target.dtype() != DType.INT64 || target.dim() != input.dim() - 1
                || target.size(0) != input.size(0)) {
            throw new IllegalArgumentException("lovasz_softmax: expected probabilities (N, C, ...) and int64 labels (N, ...), got "
                    + Shape.str(input.shape()) + " and " + target.dtype() + Shape.str(target.shape()));
        }
        ClassTargets ct = ClassTargets.of("lovasz_softmax", input, target, ignoreIndex);
        Tensor p = Pointwise.floating(input);
        double[] pv = p.toDoubleArray();
        int n = ct.outer;
        int c = ct.classes;
        int inner = ct.inner;
        int[] counted = countedClasses(classes, c);
        boolean onlyPresent = classes instanceof LovaszClasses.Present;
        double[] fgAll = new double[pv.length];
        double[] weights = new double[pv.length];
        int images = perImage ? n : 1;
        int samplesPerSet = perImage ? 1 : n;
        for (int set = 0; set < images; set++) {
            int count = 0;
            int[] pix = new int[samplesPerSet * inner];
            for (int s = set * samplesPerSet * inner; s < (set + 1) * samplesPerSet * inner; s++) {
                if (!ct.ignored(s, ignoreIndex)) {
                    pix[count++] = s;
                }
            }
            double[][] classErrors = new double[counted.length][];
            double[][] classFg = new double[counted.length][];
            int[][] classIdx = new int[counted.length][];
            int kept = 0;
            for (int k = 0; k < counted.length; k++) {
                int cls = counted[k];
                double[] e = new double[count];
                double[] fg = new double[count];
                int[] idx = new int[count];
                double present = 0;
                for (int j = 0; j < count; j++) {
                    int s = pix[j];
                    int at = ((s / inner) * c + cls) * inner + s % inner;
                    fg[j] = ct.target[s] == cls ? 1 : 0;
                    fgAll[at] = fg[j];
                    e[j] = Math.abs(fg[j] - pv[at]);
                    idx[j] = at;
                    present += fg[j];
                }
                if (onlyPresent && present == 0) {
                    continue;
                }
                if (count == 0) {
                    continue;
                }
                classErrors[k] = e;
                classFg[k] = fg;
                classIdx[k] = idx;
                kept++;
            }
            if (kept == 0) {
                continue;
            }
            double scale = 1.0 / kept / images;
            for (int k = 0; k < counted.length; k++) {
                if (classErrors[k] != null) {
                    addLovaszWeights(classIdx[k], classErrors[k], classFg[k], weights, scale);
                }
            }
        }
        Tensor fg = TensorInternals.wrap(Storage.wrap(fgAll), p.shape()).to(p.dtype());
        Tensor w = TensorInternals.wrap(Storage.wrap(weights), p.shape()).to(p.dtype());
        return fg.sub(input).abs().mul(w).sum();
    }

    /** The class indices the loss averages over, each checked against the C classes of the input. */
    private static int[] countedClasses(LovaszClasses classes, int c) {
        return switch (classes) {
            case LovaszClasses.Present _, LovaszClasses.All _ -> IntStream.range(0, c).toArray();
            case LovaszClasses.Listed l -> {
                int[] listed = l.indices();
                for (int cls : listed) {
                    if (cls < 0 || cls >= c) {
                        throw new IllegalArgumentException("lovasz_softmax: class " + cls + " out of range for " + c + " classes");
                    }
                }
                yield listed;
            }
        };
    }

    /**
     * Sorts {@code errors} in descending order, computes the Lovász gradient of the Jaccard loss
     * from the labels {@code fg} in that order, and adds scale·grad_rank to weights[idx[j]].
     */
    static void addLovaszWeights(int[] idx, double[] errors, double[] fg, double[] weights, double scale) {
        int m = errors.length;
        Integer[] order = new Integer[m];
        for (int j = 0; j < m; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(errors[b], errors[a]));
        double gts = 0;
        for (double v : fg) {
            gts += v;
        }
        double cumFg = 0;
        double cumBg = 0;
        double prevJ = 0;
        for (int r = 0; r < m; r++) {
            double f = fg[order[r]];
            cumFg += f;
            cumBg += 1 - f;
            double inter = gts - cumFg;
            double union = gts + cumBg;
            double jac = 1 - inter / union;
            double grad = r == 0 ? jac : jac - prevJ;
            prevJ = jac;
            weights[idx[order[r]]] += scale * grad;
        }
    }
}
