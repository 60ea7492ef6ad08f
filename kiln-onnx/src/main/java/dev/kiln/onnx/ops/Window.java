package dev.kiln.onnx.ops;

/**
 * The sliding-window attributes shared by Conv, ConvTranspose and the pooling operators:
 * {@code kernel_shape}, {@code strides}, {@code dilations}, {@code pads} ({@code [x1_begin, x2_begin, …,
 * x1_end, x2_end, …]}) and {@code auto_pad}, for one or two spatial dimensions.
 *
 * @param kernel the kernel size per spatial dimension, or null when it comes from the weight
 * @param strides per spatial dimension
 * @param dilations per spatial dimension
 * @param pads begin pads then end pads (explicit padding; ignored unless {@code autoPad} is NOTSET)
 * @param autoPad NOTSET, SAME_UPPER, SAME_LOWER or VALID
 */
record Window(int[] kernel, int[] strides, int[] dilations, int[] pads, String autoPad) {

    /**
     * Reads the window attributes of {@code node}. Attributes left out take their defaults when the
     * number of spatial dimensions is known ({@link #resolve}); a window over more than
     * {@code maxSpatial} spatial dimensions is refused.
     */
    static Window read(OnnxNode node, boolean hasDilations, int maxSpatial) {
        int[] kernel = node.getIntArray("kernel_shape", null);
        int[] strides = node.getIntArray("strides", null);
        int[] dilations = hasDilations ? node.getIntArray("dilations", null) : null;
        int[] pads = node.getIntArray("pads", null);
        String autoPad = node.getString("auto_pad", "NOTSET");
        switch (autoPad) {
            case "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID" -> {
            }
            default -> throw node.unsupported("attribute auto_pad='" + autoPad + "'");
        }
        int spatial = kernel != null ? kernel.length : strides != null ? strides.length
                : dilations != null ? dilations.length : pads != null ? pads.length / 2 : 0;
        if (spatial > maxSpatial) {
            throw node.unsupported(spatial + "-D window (Kiln supports up to " + maxSpatial + "-D here)");
        }
        Window w = new Window(kernel, strides, dilations, pads, autoPad);
        if (spatial > 0) {
            w.resolve(spatial, node);
        }
        return w;
    }

    /** This window for {@code spatial} dimensions, with defaults filled in and every size checked. */
    Window resolve(int spatial, OnnxNode node) {
        int[] s = strides != null ? strides : ones(spatial);
        int[] d = dilations != null ? dilations : ones(spatial);
        int[] p = pads != null ? pads : new int[2 * spatial];
        if ((kernel != null && kernel.length != spatial) || s.length != spatial || d.length != spatial
                || p.length != 2 * spatial) {
            throw node.error("kernel_shape, strides, dilations and pads do not all have " + spatial
                    + " spatial dimension(s)");
        }
        for (int i = 0; i < spatial; i++) {
            if (s[i] < 1 || d[i] < 1 || (kernel != null && kernel[i] < 1)) {
                throw node.error("kernel sizes, strides and dilations must be positive");
            }
        }
        for (int v : p) {
            if (v < 0) {
                throw node.unsupported("negative pads");
            }
        }
        return new Window(kernel, s, d, p, autoPad);
    }

    /**
     * The begin and end padding of each spatial dimension for an input of spatial size {@code size}
     * and kernel {@code kernel}: the explicit pads, none for VALID, or for SAME_* the total
     * {@code max(0, (⌈L/s⌉ − 1)·s + (k − 1)·d + 1 − L)} split in two, the odd one at the end
     * (UPPER) or the beginning (LOWER).
     *
     * @return {@code [begin..., end...]}
     */
    int[] padsFor(int[] size, int[] kernelSize) {
        int n = size.length;
        return switch (autoPad) {
            case "NOTSET" -> pads;
            case "VALID" -> new int[2 * n];
            default -> {
                int[] r = new int[2 * n];
                for (int i = 0; i < n; i++) {
                    int out = (size[i] + strides[i] - 1) / strides[i];
                    int total = Math.max(0, (out - 1) * strides[i] + (kernelSize[i] - 1) * dilations[i] + 1 - size[i]);
                    int small = total / 2;
                    r[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    r[n + i] = total - r[i];
                }
                yield r;
            }
        };
    }

    /** Whether begin and end padding are equal in every dimension. */
    static boolean symmetric(int[] pads) {
        int n = pads.length / 2;
        for (int i = 0; i < n; i++) {
            if (pads[i] != pads[n + i]) {
                return false;
            }
        }
        return true;
    }

    /** The begin pads only. */
    static int[] begins(int[] pads) {
        return java.util.Arrays.copyOf(pads, pads.length / 2);
    }

    /**
     * The padding list of {@link dev.kiln.nn.functional.Layers#pad} (pairs from the last dimension)
     * for ONNX-style {@code [begin..., end...]} pads of the trailing spatial dimensions.
     */
    static int[] kilnPadList(int[] pads) {
        int n = pads.length / 2;
        int[] r = new int[2 * n];
        for (int i = 0; i < n; i++) {
            int dim = n - 1 - i;
            r[2 * i] = pads[dim];
            r[2 * i + 1] = pads[n + dim];
        }
        return r;
    }

    static int[] ones(int n) {
        int[] r = new int[n];
        java.util.Arrays.fill(r, 1);
        return r;
    }

    /** The spatial sizes of an (N, C, spatial…) tensor shape. */
    static int[] spatialSize(int[] shape) {
        return java.util.Arrays.copyOfRange(shape, 2, shape.length);
    }
}
