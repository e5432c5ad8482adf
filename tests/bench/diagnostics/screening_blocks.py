"""Diagnostic (BENCHMARKS.md): one application of the Poisson screening operator per sample vs
per occupied cell (8x8 blocks), on the bunny scans in the solver's grid units (192 cells), at
the finest level and the coarser ones, and on random subsets (fewer samples per cell).
Run from the repository root after `python3 build.py bench` wrote bench_output/bunny_scans.npz:
    python tests/bench/diagnostics/screening_blocks.py"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np  # noqa: E402
import torch  # noqa: E402

from engine.ops import poisson  # noqa: E402


def one_application(points, scale, blocked: bool):
    shape = tuple(int(s) for s in (points.max(0).values / scale + 4))
    stencil = poisson.trilinear_stencil(points / scale, shape)
    poisson.PointScreening.BLOCK_WHEN = 0.0 if blocked else float("inf")
    started = time.perf_counter()
    screening = poisson.PointScreening(stencil, torch.ones(len(points)))
    build = time.perf_counter() - started
    x = torch.randn(int(np.prod(shape)), generator=torch.Generator().manual_seed(0))
    screening.apply(x)
    started = time.perf_counter()
    for _ in range(10):
        y = screening.apply(x)
    cells = len(torch.unique(stencil[0][:, 0]))
    return (time.perf_counter() - started) / 10, build, y, len(points) / cells


def main():
    torch.set_num_threads(2)
    pts = np.load("bench_output/bunny_scans.npz")["points"].astype(np.float32)
    lo, hi = pts.min(0), pts.max(0)
    grid = torch.tensor((pts - lo) / (hi - lo).max() * 180 + 6)
    cases = [(1.0, s) for s in (1, 2, 4, 8)] + [(f, 1) for f in (0.25, 0.4, 0.6)]
    for fraction, scale in cases:
        keep = torch.randperm(len(grid), generator=torch.Generator().manual_seed(1))[:int(len(grid) * fraction)]
        per_sample, _, a, density = one_application(grid[keep], scale, False)
        per_cell, build, b, _ = one_application(grid[keep], scale, True)
        print(f"samples {fraction:.0%}, level 1/{scale}: {density:.1f} samples per cell; per sample {per_sample * 1e3:.1f} ms, "
              f"blocks {per_cell * 1e3:.1f} ms (ratio {per_cell / per_sample:.2f}; blocks built in {build:.2f} s); "
              f"largest difference {float((a - b).abs().max()):.1e}")


if __name__ == "__main__":
    main()
