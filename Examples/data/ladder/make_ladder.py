"""Writes the training logs of Examples/training_logs.scale with tensorboardX's SummaryWriter.

Synthetic runs, so the example can be shipped: no real curves are redistributed.
- tensorboard/C*/N*M: an iso-FLOP ladder as Hoffmann et al. (2022) ran theirs: at each of five
  budgets C from 1e18 to 1e20 FLOPs, seven model sizes log-spaced over a factor of 16 around the
  law's optimum, each trained to D = C/(6N) tokens. Its loss at every logged step (40 a run) is
  drawn from the Chinchilla law L(N, D) = 1.69 + 406.4/N^0.34 + 410.7/D^0.28 (Hoffmann et al.
  2022's fitted values, Approach 3) at the tokens seen so far, plus Gaussian noise of sd 0.003.
  Tags: loss, params, tokens, flops (6·N·D so far).
- schedules/{constant,cosine,wsd}: one size trained 600 steps under three learning-rate
  schedules, the loss drawn from the annealing law of Tissue et al. (2024),
  L = 2.2 + 3·S1^-0.5 - 1e-4·S2 (S1, S2 the forward and annealing areas of the schedule with the
  learning rate in units of 1e-3, momentum 0.999), plus noise of sd 0.002. Tags: loss, lr.

Run: python3 make_ladder.py (needs tensorboardX and numpy); seed 2024.
"""
import math
import os
import shutil

import numpy as np
from tensorboardX import SummaryWriter

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(2024)


def chinchilla(N, D):
    return 1.69 + 406.4 / N ** 0.34 + 410.7 / D ** 0.28


def write_ladder(root):
    alpha, beta, A, B = 0.34, 0.28, 406.4, 410.7
    G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    for budget in [1e18, 3e18, 1e19, 3e19, 1e20]:
        n_opt = G * (budget / 6) ** (beta / (alpha + beta))
        for k in range(7):
            N = float(f"{n_opt * 16 ** ((k - 3) / 6):.3g}")
            folder = os.path.join(root, f"C{budget:.0e}".replace("+", ""), f"N{round(N / 1e6):05d}M")  # sorts by budget, then size
            w = SummaryWriter(folder, flush_secs=3600)
            final = budget / (6 * N)
            for step in range(1, 41):
                D = final * step / 40
                w.add_scalar("loss", chinchilla(N, D) + rng.normal(0, 0.003), step, walltime=1.7e9 + step)
                w.add_scalar("params", N, step, walltime=1.7e9 + step)
                w.add_scalar("tokens", D, step, walltime=1.7e9 + step)
                w.add_scalar("flops", 6 * N * D, step, walltime=1.7e9 + step)
            w.close()


def schedule(name, steps=600, peak=1e-3):
    s = np.arange(steps)
    if name == "constant":
        return np.full(steps, peak)
    if name == "cosine":
        return 1e-4 + 0.5 * (peak - 1e-4) * (1 + np.cos(np.pi * s / (steps - 1)))
    stable = int(0.8 * steps)  # warmup-stable-decay: the last fifth decays linearly
    return np.where(s < stable, peak, peak - (peak - 1e-4) * (s - stable) / (steps - stable))


def areas(lr, decay=0.999):
    s1 = np.cumsum(lr)
    m, prev, s2, total = 0.0, lr[0], [], 0.0
    for eta in lr:
        m = decay * m + (prev - eta)
        total += m
        s2.append(total)
        prev = eta
    return s1, np.array(s2)


def write_schedules(root):
    for name in ["constant", "cosine", "wsd"]:
        lr = schedule(name)
        s1, s2 = areas(lr * 1000)
        loss = 2.2 + 3 * s1 ** -0.5 - 1e-4 * s2 + rng.normal(0, 0.002, len(lr))
        w = SummaryWriter(os.path.join(root, name), flush_secs=3600)
        for step in range(len(lr)):  # every step: the annealing area is a sum over steps
            w.add_scalar("loss", float(loss[step]), step + 1, walltime=1.7e9 + step)
            w.add_scalar("lr", float(lr[step]), step + 1, walltime=1.7e9 + step)
        w.close()


for sub, write in [("tensorboard", write_ladder), ("schedules", write_schedules)]:
    root = os.path.join(HERE, sub)
    shutil.rmtree(root, ignore_errors=True)
    write(root)
