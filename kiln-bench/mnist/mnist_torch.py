"""PyTorch side of the MNIST-10k accuracy comparison (docs/benchmarks.md).

Trains the same networks as `kiln train` with the same protocol: 10% of the training images held
out for validation (stratified is not needed for the comparison; a seeded random split), Kaiming
normal initialisation (fan_in, relu) with zero biases, Adam(lr 1e-3), a cosine schedule stepped
per batch down to 0, cross-entropy, the given batch size and epochs; inputs are pixels / 255.
Prints one JSON line per epoch and a final line with the test accuracy.

  python3 mnist_torch.py --model mlp|lenet --batch-size 32 --epochs 10 --threads 2 --data DIR
"""
import argparse, gzip, json, math, struct, time
import numpy as np
import torch
import torch.nn as nn


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic == 2051:
        n, r, c = struct.unpack(">III", data[4:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, 1, r, c).astype(np.float32) / 255.0
    n = struct.unpack(">I", data[4:8])[0]
    return np.frombuffer(data, dtype=np.uint8, offset=8).astype(np.int64)


def model(name):
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="mlp")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", required=True)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = torch.from_numpy(read_idx(f"{a.data}/train-images-idx3-ubyte.gz"))
    y = torch.from_numpy(read_idx(f"{a.data}/train-labels-idx1-ubyte.gz"))
    xt = torch.from_numpy(read_idx(f"{a.data}/t10k-images-idx3-ubyte.gz"))
    yt = torch.from_numpy(read_idx(f"{a.data}/t10k-labels-idx1-ubyte.gz"))
    perm = torch.randperm(len(x))
    hold = len(x) // 10
    xv, yv, x, y = x[perm[:hold]], y[perm[:hold]], x[perm[hold:]], y[perm[hold:]]
    net = model(a.model)
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    steps = a.epochs * math.ceil(len(x) / a.batch_size)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps, 0)
    loss_fn = nn.CrossEntropyLoss()

    def accuracy(xs, ys):
        net.eval()
        with torch.no_grad():
            correct = sum((net(xs[i:i + 256]).argmax(1) == ys[i:i + 256]).sum().item() for i in range(0, len(xs), 256))
        net.train()
        return correct / len(xs)

    for epoch in range(1, a.epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(x))
        total = 0.0
        for i in range(0, len(x), a.batch_size):
            idx = order[i:i + a.batch_size]
            opt.zero_grad()
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        seconds = time.perf_counter() - start
        print(json.dumps({"epoch": epoch, "train_loss": total / len(x), "val_accuracy": accuracy(xv, yv), "seconds": seconds}), flush=True)
    print(json.dumps({"model": a.model, "batch_size": a.batch_size, "test_accuracy": accuracy(xt, yt)}), flush=True)


if __name__ == "__main__":
    main()
