package dev.kiln.cli.lab;

import java.util.List;
import java.util.Optional;

/** Every experiment of the lab, in the order of the notes (chapter by chapter). */
final class Experiments {
    private Experiments() {
    }

    /**
     * A fresh instance of every experiment, chapters in the order of the notes (within a chapter,
     * roughly the order of its sections).
     */
    static List<Experiment> all() {
        List<Experiment> all = List.of(
                new InitExperiment(),
                new TanhGainExperiment(),
                new EntropyExperiment(),
                new ActivationsExperiment(),
                new TanhSigmoidExperiment(),
                new DyingReluExperiment(),
                new ZigZagExperiment(),
                new SoftmaxExperiment(),
                new MseLossExperiment(),
                new BceLossExperiment(),
                new AutogradExperiment(),
                new SearchExperiment(),
                new BatchSizeExperiment(),
                new NormalizationExperiment(),
                new BatchNormStatisticsExperiment(),
                new BatchNormTrainingExperiment(),
                new FineTuningExperiment(),
                new SymmetryExperiment(),
                new LearningRateExperiment(),
                new SchedulesExperiment(),
                new PolynomialRegularizationExperiment(),
                new DropoutExperiment(),
                new SigmoidGradientExperiment(),
                new MatrixProductExperiment(),
                new GradientsExperiment(),
                new ContrastiveLossExperiment(),
                new SaddlePointExperiment(),
                new OptimizersExperiment(),
                new EmaExperiment(),
                new LarsExperiment(),
                new NewtonExperiment());
        return all.stream().sorted(java.util.Comparator.comparing(Experiment::chapter)).toList();
    }

    /** The experiment with the given id. */
    static Optional<Experiment> find(String id) {
        return all().stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
