package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.activation.GELU;
import dev.kiln.nn.functional.Convolution;
import dev.kiln.nn.functional.Padding;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.init.Nonlinearity;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.nn.loss.LovaszSoftmaxLoss;
import dev.kiln.nn.loss.TripletMarginLoss;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The Options idiom: PyTorch's defaults, copies that leave the original alone, checks with clear messages, enums. */
class LayerOptionsTest {

    @Test
    void withCopiesAndLeavesTheOriginalAndTheCallersArrayAlone() {
        Conv2d.Options defaults = Conv2d.Options.defaults();
        int[] padding = {1, 2};
        Conv2d.Options padded = defaults.withPadding(padding).withBias(false);
        padding[0] = 9;
        assertArrayEquals(new int[] {0}, defaults.padding());
        assertTrue(defaults.bias());
        assertArrayEquals(new int[] {1, 2}, padded.padding());
        assertFalse(padded.bias());
    }

    @Test
    void optionsGiveTheSameLayerAsTheFunctionalForm() {
        Generator g = new Generator(11);
        var conv = new Conv2d(3, 4, 3, Conv2d.Options.defaults().withStride(2).withPadding(1).withDilation(1).withBias(false));
        assertNull(conv.bias());
        Tensor x = Tensor.randn(g, 2, 3, 9, 9);
        Tensor expected = Convolution.conv2d(x, conv.weight(), null, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 1);
        assertArrayEquals(expected.toFloatArray(), conv.forward(x).toFloatArray(), 0f);
        assertArrayEquals(new int[] {2, 4, 5, 5}, conv.forward(x).shape()); // floor((9 + 2 − 2 − 1)/2) + 1 = 5
    }

    @Test
    void samePaddingKeepsTheSizeAndIsRefusedWhereItCannotHold() {
        var same = new Conv2d(2, 3, new int[] {4, 3}, Conv2d.Options.defaults().withPadding(Padding.SAME));
        assertArrayEquals(new int[] {1, 3, 7, 6}, same.forward(Tensor.randn(1, 2, 7, 6)).shape());
        assertTrue(same.extraRepr().contains("padding=same"), same.extraRepr());
        var strided = assertThrows(IllegalArgumentException.class,
                () -> new Conv1d(2, 2, 3, Conv1d.Options.defaults().withPadding(Padding.SAME).withStride(2)));
        assertTrue(strided.getMessage().contains("strided"), strided.getMessage());
        var transposed = assertThrows(IllegalArgumentException.class,
                () -> new ConvTranspose2d(2, 2, 3, ConvTranspose2d.Options.defaults().withPadding(Padding.VALID)));
        assertTrue(transposed.getMessage().startsWith("ConvTranspose2d:"), transposed.getMessage());
        var outputPadding = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(2, 2, 3, Conv2d.Options.defaults().withOutputPadding(1)));
        assertTrue(outputPadding.getMessage().contains("output_padding"), outputPadding.getMessage());
        var oneD = assertThrows(IllegalArgumentException.class,
                () -> new Conv1d(2, 2, 3, Conv1d.Options.defaults().withStride(1, 2)));
        assertTrue(oneD.getMessage().contains("Conv1d") && oneD.getMessage().contains("stride"), oneD.getMessage());
    }

    @Test
    void poolingOptionsAndTheirRepr() {
        var pool = new MaxPool1d(3, MaxPool1d.Options.defaults().withStride(2).withPadding(1));
        assertEquals("kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False", pool.extraRepr());
        assertArrayEquals(new int[] {1, 1, 5}, pool.forward(Tensor.randn(1, 1, 10)).shape()); // floor((10 + 2 − 3)/2) + 1
        var avg = new AvgPool2d(2, AvgPool2d.Options.defaults().withDivisorOverride(1));
        Tensor ones = Tensor.ones(1, 1, 4, 4);
        assertArrayEquals(new float[] {4, 4, 4, 4}, avg.forward(ones).toFloatArray(), 0f); // window sums divided by 1
        assertThrows(IllegalArgumentException.class, () -> AvgPool2d.Options.defaults().withDivisorOverride(0));
    }

    @Test
    void normalisationOptionsMatchTheirPyTorchDefaults() {
        BatchNorm.Options bn = BatchNorm2d.Options.defaults();
        assertEquals(1e-5, bn.eps());
        assertEquals(0.1, bn.momentum());
        assertTrue(bn.affine() && bn.trackRunningStats() && !bn.cumulativeAverage());
        assertFalse(bn.withCumulativeAverage().withMomentum(0.2).cumulativeAverage());
        assertThrows(IllegalArgumentException.class, () -> bn.withEps(0));
        assertEquals("4, eps=1.0E-5, momentum=None, affine=True, track_running_stats=True",
                new BatchNorm1d(4, bn.withCumulativeAverage()).extraRepr());
        BatchNorm.Options in = InstanceNorm2d.defaults();
        assertFalse(in.affine() || in.trackRunningStats());
        assertEquals(bn.withAffine(false).withTrackRunningStats(false), in, "batch norm's eps and momentum");
        assertTrue(new InstanceNorm2d(3).namedParameters().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new InstanceNorm2d(3, in.withCumulativeAverage()));
        assertThrows(IllegalArgumentException.class, () -> in.withEps(-1));
        assertEquals(1, new LayerNorm(new int[] {5}, LayerNorm.Options.defaults().withBias(false)).parameters().size());
        assertTrue(new GroupNorm(2, 4, GroupNorm.Options.defaults().withAffine(false)).parameters().isEmpty());
    }

    @Test
    void embeddingPaddingRowAndFreeze() {
        var emb = new Embedding(6, 3, Embedding.Options.defaults().withPaddingIdx(-1).withFreeze(true), new Generator(2));
        assertEquals(5, emb.paddingIdx());
        assertFalse(emb.weight().requiresGrad());
        assertArrayEquals(new float[] {0, 0, 0}, emb.weight().get(5).toFloatArray(), 0f);
        assertTrue(new Embedding(6, 3).weight().requiresGrad());
        assertTrue(Embedding.fromPretrained(Tensor.ones(2, 2), Embedding.Options.defaults()).weight().requiresGrad());
        assertFalse(Embedding.fromPretrained(Tensor.ones(2, 2)).weight().requiresGrad());
    }

    @Test
    void lossOptionsPrintAsKeywordArguments() {
        var ce = new CrossEntropyLoss(CrossEntropyLoss.Options.defaults().withLabelSmoothing(0.1).withReduction(Reduction.SUM));
        assertEquals("CrossEntropyLoss(ignore_index=-100, label_smoothing=0.1, reduction=sum)", ce.toString());
        assertEquals("LovaszSoftmaxLoss(classes=present, per_image=false, ignore_index=None)", new LovaszSoftmaxLoss().toString());
        assertEquals("ignore_index=255", new LovaszSoftmaxLoss(LovaszSoftmaxLoss.Options.defaults().withIgnoreIndex(255))
                .extraRepr().replaceAll(".*, ", ""));
        assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.Options.defaults().withLabelSmoothing(1.5));
        var triplet = new TripletMarginLoss(Reduction.NONE);
        var e = assertThrows(UnsupportedOperationException.class, () -> triplet.forward(Tensor.ones(2, 3), Tensor.ones(2, 3)));
        assertTrue(e.getMessage().contains("forward(anchor, positive, negative)"), e.getMessage());
    }

    @Test
    void stringsArePyTorchNamesOfEnumsWithClearErrors() {
        assertEquals(Reduction.BATCHMEAN, Reduction.parse("batchmean"));
        assertEquals(Padding.SAME, Padding.parse("SAME"));
        assertEquals(Nonlinearity.LEAKY_RELU, Nonlinearity.parse("leaky_relu"));
        assertEquals("conv_transpose2d", Nonlinearity.CONV_TRANSPOSE2D.pytorchName());
        assertEquals(GELU.Approximation.TANH, GELU.Approximation.parse("tanh"));
        var e = assertThrows(IllegalArgumentException.class, () -> GELU.Approximation.parse("erf"));
        assertEquals("gelu: approximate must be one of \"none\", \"tanh\", got \"erf\"", e.getMessage());
        var r = assertThrows(IllegalArgumentException.class, () -> Reduction.parse("avg"));
        assertTrue(r.getMessage().contains("\"batchmean\"") && r.getMessage().contains("\"avg\""), r.getMessage());
    }
}
