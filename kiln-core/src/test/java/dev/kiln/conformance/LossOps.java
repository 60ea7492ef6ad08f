package dev.kiln.conformance;

import static dev.kiln.conformance.ActivationOps.integer;
import static dev.kiln.conformance.ActivationOps.num;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.ProbabilityForm;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/** Conformance handlers for losses.json (SCHEMA.md §7.3). */
public final class LossOps implements OpProvider {
    @Override
    public void register(Map<String, OpHandler> ops) {
        ops.put("mse_loss", (in, a) -> out(RegressionLosses.mseLoss(t(in, "input"), t(in, "target"), red(a))));
        ops.put("l1_loss", (in, a) -> out(RegressionLosses.l1Loss(t(in, "input"), t(in, "target"), red(a))));
        ops.put("smooth_l1_loss", (in, a) -> out(RegressionLosses.smoothL1Loss(t(in, "input"), t(in, "target"), num(a, "beta"), red(a))));
        ops.put("huber_loss", (in, a) -> out(RegressionLosses.huberLoss(t(in, "input"), t(in, "target"), num(a, "delta"), red(a))));
        ops.put("binary_cross_entropy", (in, a) -> out(ClassificationLosses.binaryCrossEntropy(t(in, "input"), t(in, "target"),
                t(in, "weight"), red(a))));
        ops.put("binary_cross_entropy_with_logits", (in, a) -> out(ClassificationLosses.binaryCrossEntropyWithLogits(
                t(in, "input"), t(in, "target"), t(in, "weight"), t(in, "pos_weight"), red(a))));
        ops.put("cross_entropy", (in, a) -> out(ClassificationLosses.crossEntropy(t(in, "input"), t(in, "target"), t(in, "weight"),
                (long) num(a, "ignore_index"), num(a, "label_smoothing"), red(a))));
        ops.put("nll_loss", (in, a) -> out(ClassificationLosses.nllLoss(t(in, "input"), t(in, "target"), t(in, "weight"),
                (long) num(a, "ignore_index"), red(a))));
        ops.put("kl_div", (in, a) -> out(ClassificationLosses.klDiv(t(in, "input"), t(in, "target"), Reduction.parse((String) a.get("reduction")),
                ProbabilityForm.ofLogTarget(Boolean.TRUE.equals(a.get("log_target"))))));
        ops.put("hinge_embedding_loss", (in, a) -> out(MarginLosses.hingeEmbeddingLoss(t(in, "input"), t(in, "target"),
                num(a, "margin"), red(a))));
        ops.put("multi_margin_loss", (in, a) -> out(MarginLosses.multiMarginLoss(t(in, "input"), t(in, "target"), integer(a, "p"),
                num(a, "margin"), t(in, "weight"), red(a))));
        ops.put("soft_margin_loss", (in, a) -> out(MarginLosses.softMarginLoss(t(in, "input"), t(in, "target"), red(a))));
        ops.put("margin_ranking_loss", (in, a) -> out(MarginLosses.marginRankingLoss(t(in, "input1"), t(in, "input2"),
                t(in, "target"), num(a, "margin"), red(a))));
        ops.put("cosine_embedding_loss", (in, a) -> out(MarginLosses.cosineEmbeddingLoss(t(in, "input1"), t(in, "input2"),
                t(in, "target"), num(a, "margin"), red(a))));
        ops.put("triplet_margin_loss", (in, a) -> out(MarginLosses.tripletMarginLoss(t(in, "anchor"), t(in, "positive"),
                t(in, "negative"), num(a, "margin"), num(a, "p"), num(a, "eps"), Boolean.TRUE.equals(a.get("swap")), red(a))));
        ops.put("poisson_nll_loss", (in, a) -> out(RegressionLosses.poissonNllLoss(t(in, "input"), t(in, "target"),
                Boolean.TRUE.equals(a.get("log_input")), Boolean.TRUE.equals(a.get("full")), num(a, "eps"), red(a))));
        ops.put("gaussian_nll_loss", (in, a) -> out(RegressionLosses.gaussianNllLoss(t(in, "input"), t(in, "target"), t(in, "var"),
                Boolean.TRUE.equals(a.get("full")), num(a, "eps"), red(a))));
    }

    static Tensor t(Map<String, Object> inputs, String name) {
        return (Tensor) inputs.get(name);
    }

    static Reduction red(Map<String, Object> attrs) {
        return Reduction.parse((String) attrs.get("reduction"));
    }

    static Map<String, Tensor> out(Tensor t) {
        return Map.of("output", t);
    }
}
