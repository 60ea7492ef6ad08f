package dev.kiln.backend;

/**
 * The hyper-parameters of one SGD update as a backend runs it ({@link Backend#sgd}):
 *
 * <pre>
 *   d ← sign·g + weight_decay·p            sign = −1 if maximize, else 1
 *   b ← d                                  at the first step (firstStep)
 *   b ← momentum·b + (1 − dampening)·d     afterwards
 *   d ← d + momentum·b (nesterov)  or  d ← b      (no buffer when momentum is 0: d stays)
 *   p ← p − lr·d
 * </pre>
 *
 * @param lr learning rate
 * @param momentum momentum factor (0: no momentum buffer)
 * @param dampening dampening of the momentum
 * @param weightDecay L2 penalty
 * @param nesterov Nesterov momentum
 * @param maximize ascend instead of descend
 * @param firstStep the buffer starts as the first gradient it sees
 */
public record SgdStep(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize,
        boolean firstStep) {
}
