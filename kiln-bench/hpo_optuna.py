"""Optuna's side of the hyper-parameter search benchmark (../shared/bench/HPO.md), and the side-by-side table.

  ../shared/bench/py.sh kiln-bench/hpo_optuna.py [--seeds 10] [--gp-seeds 5] [--samplers tpe,gp,...] [--out optuna.jsonl]
  ../shared/bench/py.sh kiln-bench/hpo_optuna.py --table kiln.jsonl optuna.jsonl     # Markdown table, Kiln beside Optuna

Same functions and protocol as Kiln's `hpo` workload (HpoFunction.java / HpoWorkload.java): one study per
(sampler, function, seed), 100 sequential trials, median over seeds of the best-so-far simple regret after 50
and 100 trials, and the sampler's own wall time per 100 trials. Records have the Kiln records' field names.
Optuna's samplers by Kiln's names: random=RandomSampler, qmc=QMCSampler (scrambled Sobol), tpe=TPESampler
(v5 defaults), gp=GPSampler, cmaes=CmaEsSampler (needs the `cmaes` package), genetic=NSGAIISampler.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    a = x2 - 5.1 / (4 * math.pi ** 2) * x1 * x1 + 5 / math.pi * x1 - 6
    return a * a + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
      [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
_ALPHA = [1.0, 1.2, 3.0, 3.2]


def hartmann6(t):
    x = [t.suggest_float(f"x{j}", 0, 1) for j in range(6)]
    s = 0.0
    for i in range(4):
        e = sum(_A[i][j] * (x[j] - _P[i][j] * 1e-4) ** 2 for j in range(6))
        s -= _ALPHA[i] * math.exp(-e)
    return s


def rosenbrock10(t):
    x = [t.suggest_float(f"x{j}", -5, 5) for j in range(10)]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(9))


FUNCTIONS = [("branin", branin, 0.397887), ("hartmann6", hartmann6, -3.322368), ("rosenbrock10", rosenbrock10, 0.0)]


def make_sampler(optuna, name, seed):
    s = optuna.samplers
    return {
        "random": lambda: s.RandomSampler(seed=seed),
        "qmc": lambda: s.QMCSampler(seed=seed, warn_independent_sampling=False),
        "tpe": lambda: s.TPESampler(seed=seed),
        "gp": lambda: s.GPSampler(seed=seed),
        "cmaes": lambda: s.CmaEsSampler(seed=seed),
        "genetic": lambda: s.NSGAIISampler(seed=seed),
    }[name]()


def run(args):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    import warnings
    warnings.filterwarnings("ignore")
    out = open(args.out, "a") if args.out else None
    for name in args.samplers.split(","):
        seeds = args.gp_seeds if name == "gp" else args.seeds
        for fid, fn, fstar in FUNCTIONS:
            rec = {"bench": "hpo", "function": fid, "sampler": name}
            try:
                if name == "cmaes":
                    import cmaes  # noqa: F401  Optuna imports it lazily, at the first relative sample
                make_sampler(optuna, name, 0)
            except Exception as e:  # a sampler this Optuna cannot make (e.g. CmaEsSampler without cmaes)
                rec.update(status="pending", reason=f"{type(e).__name__}: {e}")
            else:
                at50, at100, wall = [], [], []
                for seed in range(seeds):
                    study = optuna.create_study(sampler=make_sampler(optuna, name, seed))
                    t0 = time.perf_counter()
                    study.optimize(fn, n_trials=args.trials)
                    wall.append((time.perf_counter() - t0) * 100.0 / args.trials)
                    values = [t.value for t in study.trials]
                    at50.append(min(values[:50]) - fstar)
                    at100.append(min(values) - fstar)
                rec.update(seeds=seeds, trials=args.trials, median_regret_50=statistics.median(at50),
                           median_regret_100=statistics.median(at100), seconds_per_100_median=statistics.median(wall),
                           regret_100_per_seed=at100)
            rec.update(config="optuna-" + optuna.__version__, loadavg1=os.getloadavg()[0],
                       time=time.strftime("%Y-%m-%dT%H:%M:%S"))
            line = json.dumps(rec)
            print(line, flush=True)
            if out:
                out.write(line + "\n")
                out.flush()


def fmt(v):
    if v is None:
        return "–"
    if v == 0:
        return "0"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 0.01:
        return f"{v:.3g}"
    return f"{v:.2g}"


def table(kiln_path, optuna_path):
    def load(path):
        recs = {}
        for line in open(path):
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                if r.get("bench") == "hpo":
                    recs[(r["function"], r["sampler"])] = r
        return recs

    kiln, opt = load(kiln_path), load(optuna_path)
    print("| function | sampler | Kiln regret @100 | Optuna regret @100 | Kiln/Optuna | Kiln regret @50 | Optuna regret @50 "
          "| Kiln s/100 trials (CPU) | Optuna s/100 trials | seeds Kiln/Optuna |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for fid, _, _ in FUNCTIONS:
        for name in ["random", "qmc", "tpe", "gp", "cmaes", "genetic"]:
            k, o = kiln.get((fid, name)), opt.get((fid, name))
            if k is None and o is None:
                continue
            kd = k if k and "median_regret_100" in k else {}
            od = o if o and "median_regret_100" in o else {}
            ratio = None
            if kd and od and od["median_regret_100"] > 0:
                ratio = kd["median_regret_100"] / od["median_regret_100"]
            ks = f"{fmt(kd.get('seconds_per_100_median'))} ({fmt(kd.get('cpu_seconds_per_100_median'))})" if kd else "–"
            print(f"| {fid} | {name} | {fmt(kd.get('median_regret_100'))} | {fmt(od.get('median_regret_100'))} | "
                  f"{fmt(ratio)} | {fmt(kd.get('median_regret_50'))} | {fmt(od.get('median_regret_50'))} | {ks} | "
                  f"{fmt(od.get('seconds_per_100_median'))} | {kd.get('seeds', '–')}/{od.get('seeds', '–')} |")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--gp-seeds", type=int, default=5, help="seeds for GPSampler (slow), as HPO.md")
    p.add_argument("--trials", type=int, default=100)
    p.add_argument("--samplers", default="random,qmc,tpe,gp,cmaes,genetic")
    p.add_argument("--out")
    p.add_argument("--table", nargs=2, metavar=("KILN_JSONL", "OPTUNA_JSONL"))
    args = p.parse_args()
    if args.table:
        table(*args.table)
    else:
        run(args)


if __name__ == "__main__":
    sys.exit(main())
