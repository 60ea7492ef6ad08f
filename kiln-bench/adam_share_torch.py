# The share of PyTorch's W2 step (MLP 784-512-256-10, batch 128) spent in Adam's opt.step(), for comparison
# with Kiln's w2_adam_share figure. Run with the environment torch.sh sets (OpenBLAS, 2 threads).
import time, torch, torch.nn as nn, statistics
torch.set_num_threads(2); torch.manual_seed(0)
m = nn.Sequential(nn.Linear(784,512), nn.ReLU(), nn.Linear(512,256), nn.ReLU(), nn.Linear(256,10))
opt = torch.optim.Adam(m.parameters(), lr=1e-3); lf = nn.CrossEntropyLoss()
x = torch.randn(128,784); y = torch.randint(0,10,(128,))
def step(t):
    opt.zero_grad(); l = lf(m(x), y); l.backward(); s = time.perf_counter(); opt.step(); t.append(time.perf_counter()-s)
for _ in range(50): step([])
res=[]
for r in range(3):
    t=[]; s=time.perf_counter()
    for _ in range(200): step(t)
    tot=(time.perf_counter()-s)/200; res.append((sum(t)/200, tot))
for a,b in res: print(f"adam {a*1e3:.3f} ms of step {b*1e3:.3f} ms = {100*a/b:.1f}%")
