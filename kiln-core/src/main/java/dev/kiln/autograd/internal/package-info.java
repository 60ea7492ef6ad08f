/**
 * Library-internal (not exported): the autograd engine's side that ops and tensors use — the
 * per-tensor {@link dev.kiln.autograd.internal.AutogradMeta}, the hooks ops call to record a node
 * ({@link dev.kiln.autograd.internal.Engine}), the library's own node type that the engine trusts with
 * buffer reuse ({@link dev.kiln.autograd.internal.LibraryNode}) and the leaf accumulator.
 */
package dev.kiln.autograd.internal;
