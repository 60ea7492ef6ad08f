package dev.kiln.conformance;

import static dev.kiln.conformance.ActivationOps.num;
import static dev.kiln.conformance.LossOps.out;
import static dev.kiln.conformance.LossOps.red;
import static dev.kiln.conformance.LossOps.t;

import dev.kiln.nn.functional.FocalLosses;
import dev.kiln.nn.functional.LovaszClasses;
import dev.kiln.nn.functional.MetricLosses;
import dev.kiln.nn.functional.SegmentationLosses;
import java.util.Map;

/** Conformance handlers for metric_losses.json (SCHEMA.md §7.4). */
public final class MetricLossOps implements OpProvider {
    @Override
    public void register(Map<String, OpHandler> ops) {
        ops.put("contrastive_loss", (in, a) -> out(MetricLosses.contrastiveLoss(t(in, "x1"), t(in, "x2"), t(in, "label"),
                num(a, "margin"), red(a))));
        ops.put("npair_loss", (in, a) -> out(MetricLosses.npairLoss(t(in, "anchors"), t(in, "positives"), num(a, "l2_reg"))));
        ops.put("info_nce", (in, a) -> out(MetricLosses.infoNce(t(in, "query"), t(in, "keys"), num(a, "temperature"), red(a))));
        ops.put("sigmoid_focal_loss", (in, a) -> out(FocalLosses.sigmoidFocalLoss(t(in, "input"), t(in, "target"), num(a, "alpha"),
                num(a, "gamma"), red(a))));
        ops.put("softmax_focal_loss", (in, a) -> out(FocalLosses.softmaxFocalLoss(t(in, "input"), t(in, "target"), t(in, "alpha"),
                num(a, "gamma"), red(a))));
        ops.put("dice_loss", (in, a) -> out(SegmentationLosses.diceLoss(t(in, "input"), t(in, "target"), num(a, "smooth"), red(a))));
        ops.put("sensitivity_specificity_loss", (in, a) -> out(SegmentationLosses.sensitivitySpecificityLoss(t(in, "input"),
                t(in, "target"), num(a, "lambda"), num(a, "eps"))));
        ops.put("lovasz_hinge", (in, a) -> out(SegmentationLosses.lovaszHinge(t(in, "input"), t(in, "target"),
                Boolean.TRUE.equals(a.get("per_image")), ignore(a))));
        ops.put("lovasz_softmax", (in, a) -> out(SegmentationLosses.lovaszSoftmax(t(in, "input"), t(in, "target"),
                LovaszClasses.parse((String) a.get("classes")), Boolean.TRUE.equals(a.get("per_image")), ignore(a))));
    }

    private static Long ignore(Map<String, Object> attrs) {
        Object v = attrs.get("ignore_index");
        return v == null ? null : (long) ConformanceTensors.number(v);
    }
}
