package dev.kiln.optim.lr;

/**
 * Cosine decay with warm restarts (SGDR as in TensorFlow): the first period lasts
 * {@code firstDecaySteps}, each next one {@code tMul} times longer, and its peak is {@code mMul}
 * times the previous one. Within period i (peak lr0·mMul^i, fraction f done),
 * {@code lr = lr0·mMul^i·((1 − alpha)·(1 + cos(π·f))/2 + alpha)}.
 *
 * @param learningRate lr0
 * @param firstDecaySteps the first period (&gt; 0)
 * @param tMul period growth factor
 * @param mMul peak decay factor
 * @param alpha the floor as a fraction of lr0
 */
public record CosineDecayRestarts(double learningRate, long firstDecaySteps, double tMul, double mMul, double alpha)
        implements DecaySchedule {
    /** Validates. */
    public CosineDecayRestarts {
        LRScheduler.positive("CosineDecayRestarts", "first_decay_steps", firstDecaySteps);
        LRScheduler.positive("CosineDecayRestarts", "t_mul", tMul);
    }

    @Override
    public double lr(long step) {
        double done = (double) step / firstDecaySteps;
        double i;
        double fraction;
        if (tMul == 1) {
            i = Math.floor(done);
            fraction = done - i;
        } else {
            i = Math.floor(Math.log(1 - done * (1 - tMul)) / Math.log(tMul));
            double sumR = (1 - Math.pow(tMul, i)) / (1 - tMul);
            fraction = (done - sumR) / Math.pow(tMul, i);
        }
        double c = 0.5 * Math.pow(mMul, i) * (1 + Math.cos(Math.PI * fraction));
        return learningRate * ((1 - alpha) * c + alpha);
    }
}
