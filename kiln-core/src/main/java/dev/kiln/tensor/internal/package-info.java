/**
 * Library-internal (not exported): the {@link dev.kiln.tensor.internal.Storage} behind tensors and
 * {@link dev.kiln.tensor.internal.TensorInternals}, the one door through which kernels, ops and the
 * autograd engine reach a tensor's backing array, raw construction and autograd state.
 */
package dev.kiln.tensor.internal;
