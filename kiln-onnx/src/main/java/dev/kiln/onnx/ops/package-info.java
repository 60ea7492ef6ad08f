/**
 * The ONNX operators Kiln imports: {@link dev.kiln.onnx.ops.Operators} maps an operator type to its
 * {@link dev.kiln.onnx.ops.Operator}, which reads and checks the node's attributes at load time and
 * returns a {@link dev.kiln.onnx.ops.Kernel} that computes the node with Kiln's tensor operations.
 * One file per family (element-wise, activations, linear algebra, convolution, pooling,
 * normalisation, reductions, shapes, indexing); {@link dev.kiln.onnx.ops.CompiledGraph} runs a graph
 * of kernels (and the branches of If).
 */
package dev.kiln.onnx.ops;
