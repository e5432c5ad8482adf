"""Benchmark (slow): normal orientation without scanner positions on the bunny's range scans.

The ten scans carry their scanner positions (bun.conf), so each point's normal can be checked:
an outward normal of a scanned point faces the scanner that saw it. We orient without them
(our spanning tree with the off-plane edge penalty), and compare with a plain Hoppe tree
(edge weight 1 - |n_i . n_j| only, our pipeline otherwise) and with Open3D's consistent
tangent-plane propagation. Figure: the fraction of normals that face their scanner.
"""

import json
import os
import subprocess
import sys
import time
from unittest import mock

import numpy as np
import pytest

from tests.bench.test_bench_bunny import HERE, OUT
from tests.conftest import BUNNY, needs_bunny

pytestmark = [pytest.mark.slow, needs_bunny()]


def facing(points, normals, viewpoints):
    return float((np.einsum("ni,ni->n", normals, viewpoints - points) > 0).mean())


def ours(points, viewpoints, plain=False):
    from engine.jobs import JobContext
    from engine.ops import normals as nops
    from engine.reconstruct.common import CloudConfig, clean_cloud, oriented_normals
    from engine.structures import PointCloud

    config = CloudConfig(orientation="mst", outlier_ratio=0)
    cloud = PointCloud(points, None, viewpoints)
    t = time.perf_counter()
    cloud, _, dist, idx = clean_cloud(cloud, config, JobContext())
    if plain:
        weights = lambda p, n, rows, cols: 1.0 - np.abs(np.einsum("ni,ni->n", n[rows], n[cols])) + 1e-6
        with mock.patch.object(nops, "_tree_edge_weights", weights):
            normals = oriented_normals(PointCloud(cloud.points), idx, dist, config, JobContext())
    else:
        normals = oriented_normals(PointCloud(cloud.points), idx, dist, config, JobContext())
    return facing(cloud.points, normals, cloud.viewpoints), time.perf_counter() - t


def test_orientation_without_scanner_positions_faces_the_scanners():
    from engine.data.range_scans import load_range_scans, read_conf

    conf = os.path.join(BUNNY, "data", "bun.conf")
    points, scan = load_range_scans(conf)
    positions = np.array([trans for _, _, trans in read_conf(conf)])
    viewpoints = positions[scan]
    rows = {}
    rows["shapesmith (tree with off-plane penalty)"] = ours(points, viewpoints)
    rows["plain Hoppe tree (same pipeline)"] = ours(points, viewpoints, plain=True)
    peer_python = os.environ.get("SHAPESMITH_PEER_PYTHON")
    if peer_python:
        os.makedirs(OUT, exist_ok=True)
        src, dst = os.path.join(OUT, "orient_in.npz"), os.path.join(OUT, "orient_open3d.npz")
        np.savez(src, points=points)
        proc = subprocess.run([peer_python, os.path.join(HERE, "peers.py"), "open3d_orient", src, dst],
                              capture_output=True, text=True, env=dict(os.environ, OMP_WAIT_POLICY="PASSIVE"))
        assert proc.returncode == 0, proc.stderr[-2000:]
        seconds = json.loads(proc.stdout.strip().splitlines()[-1])["seconds"]
        rows["open3d consistent tangent plane (k=10)"] = (facing(points, np.load(dst)["normals"], viewpoints), seconds)
    print("\n| orientation | normals facing their scanner | time (s) |\n|---|---|---|")
    for name, (fraction, seconds) in rows.items():
        print(f"| {name} | {100 * fraction:.2f}% | {seconds:.1f} |")
    with open(os.path.join(OUT, "orientation.json"), "w") as fh:
        json.dump({k: {"facing": v[0], "seconds": v[1]} for k, v in rows.items()}, fh, indent=1)
    best = rows["shapesmith (tree with off-plane penalty)"][0]
    assert best >= rows["plain Hoppe tree (same pipeline)"][0]
    assert best > 0.95
