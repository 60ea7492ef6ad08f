package dev.kiln.tensor.ops;

import dev.kiln.tensor.Tensor;

/** var/std/norm/logsumexp. TODO(foundation): in progress. */
public final class Statistics {
    private Statistics() {
    }

    public static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        throw new UnsupportedOperationException("var");
    }

    public static Tensor std(Tensor x, int[] dims, int correction, boolean keepdim) {
        throw new UnsupportedOperationException("std");
    }

    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        throw new UnsupportedOperationException("norm");
    }

    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        throw new UnsupportedOperationException("logsumexp");
    }
}
