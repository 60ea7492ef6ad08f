# PyTorch's side of Kiln's w8layers figure: every distinct layer of ResNet-18 (CIFAR variant, batch 32) on
# its W8 input shape, forward and backward with a fixed random output gradient (input requiring grad),
# best of 5 blocks after a warm-up block; wall ms and the calling thread's CPU ms per call (a fair figure on
# a loaded machine with 1 thread). Run it with the environment torch.sh or torch2.sh sets, e.g.
#   ../shared/bench/py.sh kiln-bench/w8_layers_torch.py 1        (PyTorch 2.14)
# With a second argument "forward" it is the side of Kiln's w9layers instead: every layer in eval mode under
# no_grad, forward only (W9 batch 32), records "w9_layer".
import json, sys, time, torch, torch.nn as nn
threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
forward_only = len(sys.argv) > 2 and sys.argv[2] == "forward"
torch.set_num_threads(threads); torch.manual_seed(0)
B = 32
layers = [("conv3x3 3->64 @32", nn.Conv2d(3, 64, 3, 1, 1, bias=False), (B, 3, 32, 32), 1)]
cin, size = 64, 32
for w in (64, 128, 256, 512):
    stride = 1 if w == 64 else 2
    out = size // stride
    if stride == 2:
        layers.append((f"conv3x3 {cin}->{w} s2 @{size}", nn.Conv2d(cin, w, 3, 2, 1, bias=False), (B, cin, size, size), 1))
        layers.append((f"conv1x1 {cin}->{w} s2 @{size}", nn.Conv2d(cin, w, 1, 2, 0, bias=False), (B, cin, size, size), 1))
    layers.append((f"conv3x3 {w}->{w} @{out}", nn.Conv2d(w, w, 3, 1, 1, bias=False), (B, w, out, out), 3 if stride == 2 else 4))
    layers.append((f"batchnorm {w} @{out}", nn.BatchNorm2d(w), (B, w, out, out), 5))
    layers.append((f"relu {w} @{out}", nn.ReLU(), (B, w, out, out), 5 if w == 64 else 4))
    cin, size = w, out
layers.append(("avgpool 512 @4", nn.AdaptiveAvgPool2d(1), (B, 512, 4, 4), 1))
layers.append(("linear 512->10", nn.Linear(512, 10), (B, 512), 1))

def forward_record(label, m, shape, count):
    m.eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        for _ in range(30):
            m(x)
        t0 = time.perf_counter(); m(x); est = time.perf_counter() - t0
        calls = int(max(3, min(200, 0.3 / max(est, 1e-9))))
        best = [float("inf")] * 2
        for block in range(6):
            f = fc = 0.0
            for _ in range(calls):
                c0 = time.thread_time(); t0 = time.perf_counter(); m(x); f += time.perf_counter() - t0; fc += time.thread_time() - c0
            if block > 0:
                best = [min(best[0], f / calls * 1e3), min(best[1], fc / calls * 1e3)]
    print(json.dumps({"bench": "w9_layer", "layer": label, "count": count, "forward_ms_best": best[0],
                      "forward_cpu_ms_best": best[1], "threads": threads, "torch": torch.__version__}), flush=True)


for label, m, shape, count in layers:
    if forward_only:
        forward_record(label, m, shape, count)
        continue
    x = torch.randn(*shape).requires_grad_(True)
    gy = torch.randn_like(m(x))
    t0 = time.perf_counter(); m(x).backward(gy); est = time.perf_counter() - t0
    calls = int(max(3, min(200, 0.3 / max(est, 1e-9))))
    best = [float("inf")] * 4
    for block in range(6):
        f = b = fc = bc = 0.0
        for _ in range(calls):
            c0 = time.thread_time(); t0 = time.perf_counter(); y = m(x); t1 = time.perf_counter(); c1 = time.thread_time()
            y.backward(gy)
            bc += time.thread_time() - c1; b += time.perf_counter() - t1; f += t1 - t0; fc += c1 - c0
            m.zero_grad(set_to_none=True); x.grad = None
        if block > 0:
            best = [min(best[0], f / calls * 1e3), min(best[1], b / calls * 1e3), min(best[2], fc / calls * 1e3),
                    min(best[3], bc / calls * 1e3)]
    print(json.dumps({"bench": "w8_layer", "layer": label, "count": count, "forward_ms_best": best[0],
                      "backward_ms_best": best[1], "forward_cpu_ms_best": best[2], "backward_cpu_ms_best": best[3],
                      "threads": threads, "torch": torch.__version__}), flush=True)
