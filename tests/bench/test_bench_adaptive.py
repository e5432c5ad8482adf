"""Benchmark (slow): adaptive screened Poisson (a dense coarse grid, finer levels only near the
points) against dense grids of the same finest cell, on a million points of the bunny.

Points sampled from bun_zipper.ply with noise of 0.05% of its diagonal (fine enough that a finer
grid has detail to find), no normals. Each run is its own process (ours.py: time without
imports, peak resident memory). Accuracy: Chamfer-L1 and F-score against the zippered mesh.
"""

import json
import os
import sys

import numpy as np
import pytest

from tests.bench.test_bench_bunny import HERE, OUT, evaluate, run_json, zipper_samples
from tests.conftest import needs_bunny

pytestmark = [pytest.mark.slow, needs_bunny()]

RUNS = [("dense 192", {"resolution": 192}),
        ("dense 384", {"resolution": 384}),
        ("adaptive 192 + 1 level (384 near the points)", {"resolution": 192, "refine": 1}),
        ("adaptive 128 + 2 levels (512 near the points)", {"resolution": 128, "refine": 2})]


def test_adaptive_levels_match_a_dense_grid_of_the_same_cell_in_less_memory():
    os.makedirs(OUT, exist_ok=True)
    _, diag, points, reference = zipper_samples(1_000_000, 0.0005)
    src = os.path.join(OUT, "bunny_1m.npz")
    np.savez(src, points=points)
    rows = {}
    for name, params in RUNS:
        dst = os.path.join(OUT, "adaptive_" + "_".join(str(v) for v in params.values()) + ".npz")
        timing = run_json([sys.executable, os.path.join(HERE, "ours.py"), src, dst, json.dumps(params)])
        rows[name] = {"seconds": timing["seconds"], "peak_mb": timing["peak_mb"], **evaluate(dst, reference, diag)}
    print("\n| run | time (s) | peak MB | Chamfer-L1 (mm) | F@0.5% | F@1% | watertight | manifold | components | faces |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['chamfer_l1_mm']:.4f} | {r['f@0.5%']:.4f} | "
              f"{r['f@1%']:.4f} | {r['watertight']} | {r['manifold']} | {r['components']} | {r['faces']} |")
    with open(os.path.join(OUT, "adaptive.json"), "w") as fh:
        json.dump(rows, fh, indent=1)
    adaptive, dense = rows[RUNS[2][0]], rows[RUNS[1][0]]
    assert adaptive["watertight"] and adaptive["manifold"] and adaptive["components"] == 1
    assert adaptive["chamfer_l1_mm"] <= 1.02 * dense["chamfer_l1_mm"]
    assert adaptive["peak_mb"] < dense["peak_mb"]
