# PyTorch's side of Kiln's w3layers figure: each layer of LeNet-5 on its W3 input (batch 64), forward and
# backward with a fixed random output gradient, 300 calls, best of 5 blocks (after one warm-up block).
# Run with the environment torch.sh sets, e.g.
#   LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=2 \
#     /usr/bin/python3 kiln-bench/w3_layers_torch.py 2
import sys, time, torch, torch.nn as nn
threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads); torch.manual_seed(0)
m = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                  nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                  nn.Linear(84, 10))
x = torch.randn(64, 1, 28, 28)
for i, layer in enumerate(m):
    xi = x.detach().clone().requires_grad_(i > 0)
    out = layer(xi)
    gy = torch.randn_like(out)
    best_f = best_b = float("inf")
    for block in range(6):
        f = b = 0.0
        for _ in range(300):
            t0 = time.perf_counter(); y = layer(xi); t1 = time.perf_counter(); y.backward(gy); t2 = time.perf_counter()
            f += t1 - t0; b += t2 - t1
            layer.zero_grad(set_to_none=True); xi.grad = None
        if block > 0:
            best_f = min(best_f, f / 300 * 1e6); best_b = min(best_b, b / 300 * 1e6)
    print(f'{{"bench": "w3_layer", "index": {i}, "layer": "{type(layer).__name__}", '
          f'"forward_us_best": {best_f:.1f}, "backward_us_best": {best_b:.1f}, "threads": {threads}}}')
    x = out.detach()
