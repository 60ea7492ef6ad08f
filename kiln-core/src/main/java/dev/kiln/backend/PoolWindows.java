package dev.kiln.backend;

/**
 * The pooling windows along one dimension: output position {@code o} reduces the real (unpadded)
 * input positions {@code start[o] + t·step} for {@code t < count[o]}.
 *
 * @param starts first real input position of each window
 * @param counts number of real input positions of each window (at least 1 for max pooling)
 * @param step distance between positions (the dilation; 1 for average pooling)
 */
public record PoolWindows(int[] starts, int[] counts, int step) {

    /**
     * {@return number of output positions}
     */
    public int size() {
        return starts.length;
    }

    /**
     * {@return first input position of window {@code o}}
     *
     * @param o the index of the output position (the window)
     */
    public int start(int o) {
        return starts[o];
    }

    /**
     * {@return number of input positions of window {@code o}}
     *
     * @param o the index of the output position (the window)
     */
    public int count(int o) {
        return counts[o];
    }

    /**
     * {@return true when the windows are the disjoint pairs {2o, 2o + 1} over a length of {@code len}
     * (kernel 2, stride 2, no padding or dilation, floor(len/2) windows): the case with a
     * dedicated max-pooling kernel}
     *
     * @param len the length of the input dimension
     */
    public boolean pairs(int len) {
        if (step != 1 || size() != len / 2 || size() == 0) {
            return false;
        }
        for (int o = 0; o < size(); o++) {
            if (starts[o] != 2 * o || counts[o] != 2) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return the largest window}
     */
    public int maxCount() {
        int m = 0;
        for (int c : counts) {
            m = Math.max(m, c);
        }
        return m;
    }

    /**
     * {@return windows of a strided, padded, dilated kernel over length {@code len}: window {@code o}
     * covers {@code o·stride − pad + t·dilation} for {@code t < kernel}, keeping the positions
     * inside {@code [0, len)}}
     *
     * @param len the length of the input dimension
     * @param out the number of windows (output positions)
     * @param kernel the window size
     * @param stride the step between window starts
     * @param pad the implicit padding before the first position
     * @param dilation the distance between the positions a window reads
     */
    public static PoolWindows sliding(int len, int out, int kernel, int stride, int pad, int dilation) {
        int[] s = new int[out];
        int[] c = new int[out];
        for (int o = 0; o < out; o++) {
            int first = o * stride - pad;
            int t0 = first >= 0 ? 0 : (-first + dilation - 1) / dilation;
            int last = first + (kernel - 1) * dilation;
            int t1 = last < len ? kernel - 1 : Math.floorDiv(len - 1 - first, dilation);
            s[o] = first + t0 * dilation;
            c[o] = Math.max(0, t1 - t0 + 1);
        }
        return new PoolWindows(s, c, dilation);
    }

    /**
     * {@return adaptive windows: bin {@code o} of {@code out} covers {@code [floor(o·len/out), ceil((o+1)·len/out))}}
     *
     * @param len the length of the input dimension
     * @param out the number of bins (output positions)
     */
    public static PoolWindows adaptive(int len, int out) {
        int[] s = new int[out];
        int[] c = new int[out];
        for (int o = 0; o < out; o++) {
            int a = (int) ((long) o * len / out);
            int b = (int) (((long) (o + 1) * len + out - 1) / out);
            s[o] = a;
            c[o] = b - a;
        }
        return new PoolWindows(s, c, 1);
    }
}
