package dev.kiln.backend;

/**
 * The shape of one 2-D sliding-window operation (convolution or pooling) over planes of size
 * {@code h × w}: kernel {@code kh × kw}, stride, padding before each dimension (top, left),
 * dilation and the resulting output size {@code oh × ow}. A 1-D operation is the case
 * {@code h = kh = 1}.
 *
 * <p>Input position of output (oy, ox) and kernel tap (i, j): {@code iy = oy·sh − ph + i·dh},
 * {@code ix = ox·sw − pw + j·dw}; positions outside the plane are padding.
 *
 * @param channels input channels C (planes per sample)
 * @param h input height
 * @param w input width
 * @param kh kernel height
 * @param kw kernel width
 * @param sh stride along h
 * @param sw stride along w
 * @param ph padding before (top)
 * @param pw padding before (left)
 * @param dh dilation along h
 * @param dw dilation along w
 * @param oh output height
 * @param ow output width
 */
public record ConvGeometry(int channels, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
        int oh, int ow) {

    /** Output positions per plane, {@code oh·ow}. */
    public int outPlane() {
        return oh * ow;
    }

    /** Input positions per plane, {@code h·w}. */
    public int inPlane() {
        return h * w;
    }

    /** Rows of the column matrix: {@code channels·kh·kw}. */
    public int colRows() {
        return channels * kh * kw;
    }

    /** First output x whose tap j reads inside the plane. */
    public int oxLo(int j) {
        return lo(pw - j * dw, sw, ow);
    }

    /** One past the last output x whose tap j reads inside the plane. */
    public int oxHi(int j) {
        return hi(w - 1 + pw - j * dw, sw, ow);
    }

    /** First output y whose tap i reads inside the plane. */
    public int oyLo(int i) {
        return lo(ph - i * dh, sh, oh);
    }

    /** One past the last output y whose tap i reads inside the plane. */
    public int oyHi(int i) {
        return hi(h - 1 + ph - i * dh, sh, oh);
    }

    // smallest o >= 0 with o*s >= a
    private static int lo(int a, int s, int n) {
        if (a <= 0) {
            return 0;
        }
        return Math.min(n, (a + s - 1) / s);
    }

    // one past the largest o with o*s <= b, clipped to [0, n]
    private static int hi(int b, int s, int n) {
        if (b < 0) {
            return 0;
        }
        return Math.min(n, b / s + 1);
    }
}
