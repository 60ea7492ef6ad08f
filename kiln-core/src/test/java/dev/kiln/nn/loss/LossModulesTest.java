package dev.kiln.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.MetricLosses;
import dev.kiln.nn.functional.ProbabilityForm;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The loss modules call their functional forms with their settings. */
class LossModulesTest {
    private final Generator g = new Generator(3);
    private final Tensor x = Tensor.randn(g, 4, 3);
    private final Tensor y = Tensor.randn(g, 4, 3);

    @Test
    void modulesAgreeWithFunctions() {
        assertEquals(RegressionLosses.mseLoss(x, y, Reduction.MEAN).item(), new MSELoss().forward(x, y).item());
        assertEquals(RegressionLosses.l1Loss(x, y, Reduction.SUM).item(), new L1Loss(Reduction.SUM).forward(x, y).item());
        assertEquals(RegressionLosses.huberLoss(x, y, 0.5, Reduction.MEAN).item(), new HuberLoss(0.5, Reduction.MEAN).forward(x, y).item());
        Tensor cls = Tensor.of(0L, 2L, 1L, 2L);
        Tensor w = Tensor.of(1f, 2f, 0.5f);
        CrossEntropyLoss ce = new CrossEntropyLoss(CrossEntropyLoss.Options.defaults().withWeight(w).withIgnoreIndex(1).withLabelSmoothing(0.1));
        assertEquals(ClassificationLosses.crossEntropy(x, cls, w, 1, 0.1, Reduction.MEAN).item(), ce.forward(x, cls).item());
        assertEquals(w, ce.namedBuffers().get("weight"));
        assertEquals(MarginLosses.tripletMarginLoss(x, y, x.mul(2), 1, 2, 1e-6, false, Reduction.MEAN).item(),
                new TripletMarginLoss().forward(x, y, x.mul(2)).item());
        assertEquals(ClassificationLosses.klDiv(x, y.sigmoid(), Reduction.BATCHMEAN, ProbabilityForm.PROBABILITIES).item(),
                new KLDivLoss(Reduction.BATCHMEAN).forward(x, y.sigmoid()).item());
    }

    @Test
    void theMarginLossesPassTheirMarginAndReduction() {
        Tensor a = x.select(1, 0);
        Tensor b = y.select(1, 0);
        Tensor sign = Tensor.of(1f, -1f, -1f, 1f);
        Tensor similar = Tensor.of(1f, 0f, 0f, 1f);
        assertEquals(MarginLosses.marginRankingLoss(a, b, sign, 0.3, Reduction.SUM).item(),
                new MarginRankingLoss(0.3, Reduction.SUM).forward(a, b, sign).item());
        assertEquals(MarginLosses.cosineEmbeddingLoss(x, y, sign, 0.2, Reduction.NONE).toFloatArray()[1],
                new CosineEmbeddingLoss(0.2, Reduction.NONE).forward(x, y, sign).toFloatArray()[1]);
        assertEquals(MetricLosses.contrastiveLoss(x, y, similar, 2.0, Reduction.MEAN).item(),
                new ContrastiveLoss(2.0, Reduction.MEAN).forward(x, y, similar).item());
        assertEquals("ContrastiveLoss(margin=1.0, reduction=mean)", new ContrastiveLoss().toString());
        assertEquals("MarginRankingLoss(margin=0.3, reduction=sum)", new MarginRankingLoss(0.3, Reduction.SUM).toString());
    }

    @Test
    void legacyFlagsSelectTheReduction() {
        MSELoss summed = new MSELoss(Reduction.legacy(false, null));
        assertEquals(RegressionLosses.mseLoss(x, y, Reduction.SUM).item(), summed.forward(x, y).item());
        assertEquals(Reduction.NONE, new MSELoss(Reduction.legacy(true, false)).reduction());
    }

    @Test
    void wrongArityIsAClearError() {
        assertThrows(UnsupportedOperationException.class, () -> new MSELoss().forward(x));
        assertThrows(UnsupportedOperationException.class, () -> new MarginRankingLoss().forward(x, y));
        assertEquals("CrossEntropyLoss(ignore_index=-100, label_smoothing=0.0, reduction=mean)", new CrossEntropyLoss().toString());
    }

    @Test
    void withReductionCopiesTheSettings() {
        var ce = CrossEntropyLoss.Options.defaults().withLabelSmoothing(0.2).withReduction(Reduction.SUM);
        assertEquals(0.2, ce.labelSmoothing(), 0);
        assertEquals(Reduction.SUM, ce.reduction());
        assertEquals("CrossEntropyLoss(ignore_index=-100, label_smoothing=0.2, reduction=sum)", new CrossEntropyLoss(ce).toString());
        var lovasz = LovaszHingeLoss.Options.defaults();
        assertEquals(lovasz, lovasz.withReduction(Reduction.NONE), "a loss that reduces on its own keeps NONE");
        assertThrows(UnsupportedOperationException.class, () -> lovasz.withReduction(Reduction.MEAN));
    }
}
