/**
 * ONNX for Kiln: {@link dev.kiln.onnx.Onnx#load(java.nio.file.Path)} imports a model as an
 * {@link dev.kiln.onnx.OnnxModule}, a Kiln module that runs the graph with autograd and whose
 * initialisers are parameters. The schema classes in {@code dev.kiln.onnx.proto} are generated at
 * build time from the official {@code onnx.proto}.
 */
package dev.kiln.onnx;
