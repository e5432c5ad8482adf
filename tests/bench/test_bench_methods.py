"""Benchmark (slow): every reconstruction method, ours and the peers', in one run.

A. The raw bunny range scans (no normals, no scanner positions), reference bun_zipper.ply.
B. Sample-then-reconstruct: 100,000 points sampled from bun_zipper.ply with Gaussian noise of
   0.25% of its diagonal and four holes cut out (balls of 6% of the diagonal), no normals.

Each run is its own process (peak memory is that process's max RSS; imports excluded from the
time). Writes bench_output/methods.json and prints Markdown tables for BENCHMARKS.md. Run with
`python3 build.py bench`, which provides the peers' environment.
"""

import json
import os
import platform
import subprocess
import sys
import time

import numpy as np
import pytest

from tests.bench.test_bench_bunny import HERE, OUT, run_json
from tests.conftest import BUNNY, needs_bunny

pytestmark = [pytest.mark.slow, needs_bunny()]

OURS = [("poisson", {}), ("imls", {}), ("imls", {"extractor": "dual_contouring"}), ("imls", {"extractor": "classic"}),
        ("rbf", {}), ("neural_sdf", {}), ("sal", {}), ("ball_pivoting", {"max_points": 50000})]
PEERS = ["pymeshlab_spsr_d8", "open3d_poisson_d8", "pymeshlab_bpa", "open3d_bpa"]
RUN_LIMIT_S = 600   # a run past this is stopped and reported as not finished


def surface_with_normals(v, f, count, seed):
    from engine.ops.metrics import sample_surface

    points, faces = sample_surface(v, f, count, seed, return_faces=True)
    tri = v[f]
    n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-300)
    return points, n[faces]


def measure(mesh_path, reference, reference_normals, diag):
    from engine.ops.meshes import quality_report
    from engine.ops.metrics import surface_distances
    from engine.ops.neighbors import kdtree

    with np.load(mesh_path) as z:
        v, f = z["vertices"].astype(np.float64), z["faces"].astype(np.int64)
    q = quality_report(v, f)
    points, normals = surface_with_normals(v, f, 200000, 2)
    d = surface_distances(points, reference, [0.005 * diag, 0.01 * diag])
    _, nearest = kdtree(reference).query(points, k=1, workers=-1)
    consistency = float(np.abs((normals * reference_normals[nearest]).sum(1)).mean())
    return {"chamfer_l1_mm": 1000 * d["chamfer_l1"], "f@0.5%": d[f"fscore@{0.005 * diag:g}"],
            "f@1%": d[f"fscore@{0.01 * diag:g}"], "normal_consistency": consistency,
            "watertight": q["watertight"], "manifold": q["manifold"], "components": q["components"],
            "boundary_edges": q["boundary_edges"], "faces": q["faces"]}


def run_all(src, tag, reference, reference_normals, diag, only=None):
    """Every run (or those whose names are in `only`) on one input: {run name: figures}."""
    rows = {}
    peer_python = os.environ.get("SHAPESMITH_PEER_PYTHON")
    runs = [(f"shapesmith {m}" + (f" ({', '.join(f'{k}={v}' for k, v in p.items())})" if p else ""),
             [sys.executable, os.path.join(HERE, "ours.py")], {"method": m, **p}) for m, p in OURS]
    if peer_python:
        runs += [(peer, [peer_python, os.path.join(HERE, "peers.py"), peer], None) for peer in PEERS]
    for i, (name, cmd, params) in enumerate(runs):
        if only is not None and name not in only:
            continue
        dst = os.path.join(OUT, f"{tag}_{i}.npz")
        args = cmd + [src, dst] + ([json.dumps(params)] if params is not None else [])
        try:
            timing = run_json(args, timeout=RUN_LIMIT_S)
        except subprocess.TimeoutExpired:
            print(f"{name} did not finish in {RUN_LIMIT_S} s")
            rows[name] = {"failed": f"did not finish in {RUN_LIMIT_S} s"}
            continue
        except AssertionError as exc:
            print(f"{name} could not run: {str(exc)[-300:]}")
            rows[name] = {"failed": str(exc)[-200:]}
            continue
        rows[name] = {"seconds": timing["seconds"], "peak_mb": timing["peak_mb"],
                      **measure(dst, reference, reference_normals, diag)}
        print(name, rows[name], flush=True)
    return rows


def table(rows) -> str:
    lines = ["| run | time (s) | peak MB | Chamfer-L1 (mm) | F@0.5% | F@1% | normal cons. | watertight | manifold | "
             "components | boundary edges |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in rows.items():
        if "failed" in r:
            lines.append(f"| {name} | failed: {r['failed'][-80:]} |")
            continue
        lines.append(f"| {name} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['chamfer_l1_mm']:.4f} | {r['f@0.5%']:.4f} | "
                     f"{r['f@1%']:.4f} | {r['normal_consistency']:.4f} | {'yes' if r['watertight'] else 'no'} | "
                     f"{'yes' if r['manifold'] else 'no'} | {r['components']} | {r['boundary_edges']} |")
    return "\n".join(lines)


def holey_noisy_samples(zipper, diag, count=100000, holes=4, seed=0):
    from engine.ops.metrics import sample_surface

    rng = np.random.default_rng(seed)
    points = sample_surface(zipper.vertices, zipper.faces, count, seed)
    centres = points[rng.choice(len(points), holes, replace=False)]
    far = np.all(np.linalg.norm(points[:, None] - centres[None], axis=2) > 0.06 * diag, axis=1)
    return points[far] + rng.normal(scale=0.0025 * diag, size=(far.sum(), 3))


def test_every_method_on_the_bunny():
    from engine.data.range_scans import load_range_scans
    from engine.formats import read_input

    os.makedirs(OUT, exist_ok=True)
    zipper = read_input(os.path.join(BUNNY, "reconstruction", "bun_zipper.ply"))
    diag = float(np.linalg.norm(zipper.vertices.max(0) - zipper.vertices.min(0)))
    reference, reference_normals = surface_with_normals(zipper.vertices, zipper.faces, 200000, 1)
    scans, _ = load_range_scans(os.path.join(BUNNY, "data", "bun.conf"))
    src_a = os.path.join(OUT, "bunny_scans.npz")
    np.savez(src_a, points=scans)
    src_b = os.path.join(OUT, "bunny_sampled_holes.npz")
    sampled = holey_noisy_samples(zipper, diag)
    np.savez(src_b, points=sampled)
    report = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
              "diag_m": diag, "scans_points": int(len(scans)), "sampled_points": int(len(sampled))}
    report["sampled"] = run_all(src_b, "sampled", reference, reference_normals, diag)
    print("\nB. sampled from bun_zipper, noise 0.25% of the diagonal, four holes\n" + table(report["sampled"]))
    report["scans"] = run_all(src_a, "scans", reference, reference_normals, diag)
    print("\nA. raw range scans\n" + table(report["scans"]))
    with open(os.path.join(OUT, "methods.json"), "w") as fh:
        json.dump(report, fh, indent=1)
    print("\nB. sampled from bun_zipper, noise 0.25% of the diagonal, four holes\n" + table(report["sampled"]))
    # The implicit fits close the surface in both settings; ball pivoting and the classic table do not.
    for part in ("scans", "sampled"):
        rows = report[part]
        for name in ("shapesmith poisson", "shapesmith imls", "shapesmith rbf", "shapesmith sal"):
            assert rows[name]["watertight"] and rows[name]["components"] == 1, (part, name)
        assert not rows["shapesmith imls (extractor=classic)"]["watertight"]
        assert rows["shapesmith ball_pivoting (max_points=50000)"]["boundary_edges"] > 0
