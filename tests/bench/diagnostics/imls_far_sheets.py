"""Diagnostic (BENCHMARKS.md): where IMLS's surface on the raw bunny scans lies far from both
the reference and the scans. Run from the repository root after `python3 build.py bench` wrote
bench_output/bunny_scans.npz:
    python tests/bench/diagnostics/imls_far_sheets.py"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np  # noqa: E402
from scipy.spatial import cKDTree  # noqa: E402

from engine.formats import read_input  # noqa: E402
from engine.jobs import JobContext  # noqa: E402
from engine.ops.metrics import sample_surface  # noqa: E402
from engine.registry import get_method  # noqa: E402
from tests.conftest import BUNNY  # noqa: E402


def main():
    zipper = read_input(os.path.join(BUNNY, "reconstruction", "bun_zipper.ply"))
    reference = sample_surface(zipper.vertices, zipper.faces, 200000, 1)
    scans = np.load("bench_output/bunny_scans.npz")["points"]
    imls = get_method("reconstruct", "imls")
    mesh, _ = imls.run({"points": "bench_output/bunny_scans.npz"}, imls.parse_config({}), JobContext()).objects[0]
    samples = sample_surface(mesh.vertices, mesh.faces, 200000, 2)
    far = (cKDTree(reference).query(samples)[0] > 0.003) & (cKDTree(scans).query(samples)[0] > 0.003)
    bottom = scans[:, 1].min()
    height = samples[far, 1] - bottom
    print(f"{100 * far.mean():.1f}% of IMLS's surface lies more than 3 mm from both the reference and the scans; "
          f"of that, {100 * (height < 0.02).mean():.0f}% in the lowest 2 cm, "
          f"{100 * ((height >= 0.06) & (height < 0.13)).mean():.0f}% 6-13 cm up (the scans span "
          f"{100 * (scans[:, 1].max() - bottom):.1f} cm)")


if __name__ == "__main__":
    main()
