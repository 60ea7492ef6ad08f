"""Generates the PyTorch-exported ONNX test models of kiln-onnx (src/test/resources/onnx/pytorch/).

Run with the project's Python (PyTorch 2.14, ONNX):

    ../shared/bench/py.sh kiln-onnx/src/test/python/make_models.py [MODEL...]

For each model and each exporter setting it writes NAME_SETTING.onnx and NAME_SETTING.safetensors
(`input`: a batch of a size other than the one exported with, so the dynamic batch dimension is
exercised; `output`: PyTorch's output for it, in eval mode). Settings: the TorchScript exporter
(dynamo=False, do_constant_folding=False so that BatchNorm stays a node) at opsets 11, 13 and 17,
and the dynamo exporter at opset 18 when onnxscript is importable.
"""
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx", "pytorch")


class Residual(nn.Module):
    """A ResNet basic block with a projection shortcut, global pooling and a view-based flatten."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(8)
        self.shortcut = nn.Sequential(nn.Conv2d(3, 8, 1, stride=2, bias=False), nn.BatchNorm2d(8))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        y = F.relu(y + self.shortcut(x))
        y = self.pool(y)
        return self.fc(y.view(y.size(0), -1))


class Transformerish(nn.Module):
    """Linear layers on (N, T, F) input (MatMul + Add), LayerNorm, exact and tanh GELU, softmax attention."""

    def __init__(self):
        super().__init__()
        self.inp = nn.Linear(6, 16)
        self.norm = nn.LayerNorm(16)
        self.qkv = nn.Linear(16, 48)
        self.mlp = nn.Sequential(nn.Linear(16, 32), nn.GELU(), nn.Linear(32, 16), nn.GELU(approximate="tanh"))
        self.out = nn.Linear(16, 3)

    def forward(self, x):
        h = self.norm(self.inp(x))
        q, k, v = self.qkv(h).chunk(3, dim=-1)
        attention = torch.softmax(q @ k.transpose(1, 2) / 4.0, dim=-1)
        h = h + attention @ v
        h = h + self.mlp(h)
        return self.out(h.mean(dim=1))


class Decoder(nn.Module):
    """Strided Conv down, ConvTranspose up (with output padding), Sigmoid."""

    def __init__(self):
        super().__init__()
        self.down = nn.Conv2d(2, 6, 3, stride=2, padding=1)
        self.up = nn.ConvTranspose2d(6, 4, 3, stride=2, padding=1, output_padding=1)
        self.up2 = nn.ConvTranspose2d(4, 2, 4, stride=1, padding=0, groups=2, dilation=1)

    def forward(self, x):
        return torch.sigmoid(self.up2(F.leaky_relu(self.up(F.relu(self.down(x))), 0.1)))


class Shapes(nn.Module):
    """Shape arithmetic: flatten, cat, reshape with sizes from x.shape, transpose, split, slicing,
    unsqueeze/squeeze, expand, where, arange, comparisons and reductions."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(24, 24)

    def forward(self, x):
        n = x.shape[0]
        flat = x.flatten(1)                                    # (N, 24)
        y = self.fc(flat)
        a, b = torch.split(y, [10, 14], dim=1)
        z = torch.cat([b, a * 2], dim=1)                       # (N, 24)
        z = z.reshape(n, 4, -1).transpose(1, 2)                # (N, 6, 4)
        z = z[:, 1:5, ::2]                                     # (N, 4, 2)
        m = z.mean(dim=-1, keepdim=True)                       # (N, 4, 1)
        z = torch.where(z > m, z, m.expand(-1, -1, 2) - 1)
        positions = torch.arange(z.shape[1], dtype=torch.float32).unsqueeze(0).unsqueeze(-1)
        z = z + positions / 10
        s = z.sum(dim=2).unsqueeze(1).squeeze(1)               # (N, 4)
        top = z.amax(dim=(1, 2)).unsqueeze(1)
        low = z.amin(dim=1)
        return torch.cat([s, top, low, torch.sqrt(torch.abs(s) + 1), torch.exp(-s.abs()),
                          s.pow(2) / (1 + s.abs()), torch.clamp(s, -0.5, 0.5)], dim=1)


class Activations(nn.Module):
    """Every activation layer PyTorch exports, one after another, each on its own slice."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 16)
        self.prelu = nn.PReLU(16, init=0.2)
        self.acts = nn.ModuleList([nn.ReLU(), nn.ELU(0.7), nn.SELU(), nn.CELU(1.3), nn.LeakyReLU(0.05),
                                   nn.Softplus(), nn.Softsign(), nn.Hardsigmoid(), nn.Hardswish(), nn.Mish(),
                                   nn.SiLU(), nn.Tanh(), nn.Sigmoid(), nn.ReLU6(), nn.Hardtanh(-0.5, 0.8),
                                   nn.GELU()])

    def forward(self, x):
        h = self.fc(x) * 3
        outs = [self.prelu(h)] + [a(h) for a in self.acts]
        return torch.cat(outs + [torch.log_softmax(h, dim=1), torch.softmax(h, dim=-1)], dim=1)


class Pools(nn.Module):
    """Pooling and normalisation: ceil-mode max pooling, average pooling without the pad, adaptive
    pooling, LRN, GroupNorm, InstanceNorm, Dropout (eval), reflection pad, Conv1d and MaxPool1d."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 8, 3, padding=1)
        self.gn = nn.GroupNorm(2, 8)
        self.inorm = nn.InstanceNorm2d(8, affine=True)
        self.lrn = nn.LocalResponseNorm(3, alpha=0.01, beta=0.75, k=2.0)
        self.drop = nn.Dropout(0.3)
        self.conv1d = nn.Conv1d(8, 4, 3, padding=2, dilation=2)
        self.fc = nn.Linear(4 * 2 + 8 * 4 + 8, 7)

    def forward(self, x):
        h = self.lrn(F.relu(self.conv(x)))                                      # (N, 8, 9, 9)
        h = self.gn(h)
        h = self.inorm(F.pad(h, (1, 1, 1, 1), mode="reflect"))                  # (N, 8, 11, 11)
        p = F.max_pool2d(h, 3, stride=2, padding=1, ceil_mode=True)             # (N, 8, 6, 6)
        p = F.avg_pool2d(p, 3, stride=2, padding=1, count_include_pad=False)    # (N, 8, 3, 3)
        q = F.adaptive_avg_pool2d(self.gn(F.relu(self.conv(x))), (3, 3))        # (N, 8, 3, 3) from 9×9
        seq = self.conv1d(self.drop(q.flatten(2)))                              # (N, 4, 9)
        seq = F.max_pool1d(seq, 4)                                              # (N, 4, 2)
        return self.fc(torch.cat([seq.flatten(1), p.mean(dim=(2, 3)).repeat(1, 4), p.amax(dim=(2, 3))], dim=1))


class Misc(nn.Module):
    """Embedding (indices computed in the graph: Cast, Clip), BatchNorm1d on (N, C), Unflatten,
    InstanceNorm1d without affine parameters, GLU, the remaining activations (LogSigmoid, Softmin,
    a threshold by where, Tanhshrink, Hardshrink, Softshrink, ReLU6, RReLU in eval) and std/var/normalize/max/argmax."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4)
        self.bn = nn.BatchNorm1d(8)
        self.fc = nn.Linear(8, 12)
        self.unflatten = nn.Unflatten(1, (3, 4))
        self.inorm = nn.InstanceNorm1d(3)
        self.glu = nn.GLU()

    def forward(self, x):                                     # (N, 8)
        idx = (x.abs() * 3).long().clamp(max=9)[:, :2]      # (N, 2) int64
        e = self.emb(idx).flatten(1)                          # (N, 8)
        h = self.inorm(self.unflatten(self.fc(self.bn(x + e))))   # (N, 3, 4)
        acts = [self.glu(h), F.logsigmoid(h), F.softmin(h, dim=-1), torch.where(h > 0.1, h, -1.0), F.tanhshrink(h),
                F.hardshrink(h, 0.3), F.softshrink(h, 0.2), F.relu6(h * 4), F.rrelu(h, training=False),
                F.normalize(h, dim=-1)]
        stats = [h.std(dim=-1), h.var(dim=-1), h.max(dim=-1).values, h.argmax(dim=-1).float()]
        return torch.cat([a.flatten(1) for a in acts] + stats, dim=1)


MODELS = {
    "residual": (Residual, (2, 3, 12, 12), (3, 3, 12, 12)),
    "transformerish": (Transformerish, (2, 5, 6), (3, 5, 6)),
    "decoder": (Decoder, (2, 2, 8, 8), (3, 2, 8, 8)),
    "shapes": (Shapes, (2, 2, 3, 4), (3, 2, 3, 4)),
    "activations": (Activations, (2, 8), (3, 8)),
    "pools": (Pools, (2, 4, 9, 9), (3, 4, 9, 9)),
    "misc": (Misc, (2, 8), (3, 8)),
}


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def settings():
    result = [("ts" + str(opset), opset, False) for opset in (11, 13, 17)]
    try:
        import onnxscript  # noqa: F401
        result.append(("dynamo18", 18, True))
    except ImportError:
        print("onnxscript is not importable: skipping the dynamo exporter", file=sys.stderr)
    return result


def main():
    os.makedirs(OUT, exist_ok=True)
    wanted = sys.argv[1:] or list(MODELS)
    for name in wanted:
        cls, export_shape, test_shape = MODELS[name]
        torch.manual_seed(0)
        model = cls()
        # non-trivial running statistics and affine parameters for every normalisation layer
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.GroupNorm, nn.LayerNorm)) or (
                    isinstance(m, nn.InstanceNorm2d) and m.affine):
                with torch.no_grad():
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.5, 0.5)
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.running_mean.uniform_(-0.3, 0.3)
                m.running_var.uniform_(0.5, 2.0)
        model.eval()
        example = torch.randn(*export_shape)
        test_input = torch.randn(*test_shape)
        with torch.no_grad():
            expected = model(test_input)
        for tag, opset, dynamo in settings():
            path = os.path.join(OUT, f"{name}_{tag}.onnx")
            try:
                export(model, example, path, opset, dynamo)
            except Exception as e:  # an operator this opset or exporter cannot express (CELU before 12, …)
                cause = e.__cause__ or e
                print(f"{name}_{tag}: not exported: {type(cause).__name__}: {str(cause).strip().splitlines()[0][:300]}",
                      file=sys.stderr)
                continue
            write_safetensors(os.path.join(OUT, f"{name}_{tag}.safetensors"),
                              {"input": test_input, "output": expected})
            import onnx
            ops = sorted({n.op_type for n in onnx.load(path).graph.node})
            print(f"{name}_{tag}: {os.path.getsize(path)} bytes, ops: {' '.join(ops)}")


def export(model, example, path, opset, dynamo):
    if dynamo:
        batch = torch.export.Dim("N", min=1, max=1024)
        program = torch.onnx.export(model, (example,), dynamo=True, opset_version=opset,
                                    input_names=["input"], output_names=["output"],
                                    dynamic_shapes=({0: batch},), optimize=True)
        program.save(path)
    else:
        torch.onnx.export(model, (example,), path, dynamo=False, opset_version=opset,
                          do_constant_folding=False, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})


if __name__ == "__main__":
    main()
