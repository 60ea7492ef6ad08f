/**
 * Reverse-mode automatic differentiation: graph nodes ({@link dev.kiln.autograd.Node}), the backward
 * pass ({@link dev.kiln.tensor.Tensor#backward()}, {@link dev.kiln.autograd.Autograd}), no-grad scopes
 * ({@link dev.kiln.autograd.GradMode}), custom differentiable functions
 * ({@link dev.kiln.autograd.Function}), gradient checks ({@link dev.kiln.autograd.GradCheck}),
 * anomaly detection and tracing ({@link dev.kiln.autograd.Trace}, used by ONNX export).
 */
package dev.kiln.autograd;
