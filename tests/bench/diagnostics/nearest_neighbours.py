"""Diagnostic (BENCHMARKS.md, thirteenth session): why 1-NNA tells the generated shapes apart.
For each category, `eval generator`'s sets (n generated from the category's name, n test-split
shapes, n train-split shapes as the oracle; 2,048 surface points, squared-L2 Chamfer) and, for
the generated and the oracle set X each against the test set: how often a shape of X has its
nearest neighbour in X and a test shape in the test set (the two halves of 1-NNA), and the
median distances to the nearest shape of X and of the test set from either side. With
UNIT_FRAME=1 the generated meshes are first put in the library's frame (bounding box centred,
longest side 1), which every test and train shape is in already (the generator's own unit_frame
setting does that since the fourteenth session). SETTINGS (JSON) sets other generation settings
than the defaults, e.g. '{"symmetric": false}'. Run from the repository root:
    [UNIT_FRAME=1] [SETTINGS=JSON] python tests/bench/diagnostics/nearest_neighbours.py MODELS_DIR N CATEGORY ..."""
import json
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.evaluate import _cloud, _split_clouds
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.ops.set_metrics import chamfer_matrix, distribution_metrics
from engine.structures import PartMesh

folder, n, categories = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
unit_frame = os.environ.get("UNIT_FRAME") == "1"
settings = json.loads(os.environ.get("SETTINGS", "{}"))
g = PartSlotGenerator.load(folder)


def in_unit_frame(v):
    lo, hi = v.min(0), v.max(0)
    return (v - (lo + hi) / 2) / (hi - lo).max()


def clouds(meshes, frame=lambda v: v):
    return np.stack([_cloud(PartMesh(frame(m.vertices), m.faces), k) for k, m in enumerate(meshes)])


for category in categories:
    generated = []
    for start in range(0, n, 16):
        generated += g.sample(Config(prompt=CATEGORY_NAMES[category][0], n=min(16, n - start), seed=start, **settings))
    sides = np.array([(m.vertices.max(0) - m.vertices.min(0)).max() for m in generated])
    print(f"{folder} {category}: generated longest side median {np.median(sides):.3f} "
          f"(5-95% {np.quantile(sides, 0.05):.3f}-{np.quantile(sides, 0.95):.3f}; every test shape 1)")
    test = np.stack(_split_clouds(category, "test", n))
    d_tt = chamfer_matrix(test)
    for label, X in (("generated" + (", unit frame" if unit_frame else ""),
                      clouds(generated, in_unit_frame if unit_frame else lambda v: v)),
                     ("oracle", np.stack(_split_clouds(category, "train", n)))):
        m = distribution_metrics(X, test, d_tt)
        full = chamfer_matrix(np.concatenate([X, test]))
        np.fill_diagonal(full, np.inf)
        nearest = full.argmin(1)
        own = lambda a, b: 1e3 * np.median(full[a, b].min(1))  # noqa: E731
        x, t = slice(0, n), slice(n, 2 * n)
        print(f"  {label:24s} 1-NNA {100 * m['1-NNA-CD']:.1f}% = mean of: its shapes' nearest in its own set "
              f"{100 * (nearest[:n] < n).mean():.0f}%, test shapes' nearest in the test set {100 * (nearest[n:] >= n).mean():.0f}%")
        print(f"  {'':24s} median nearest distance 1e-3: own->own {own(x, x):.2f}  own->test {own(x, t):.2f}  "
              f"test->test {own(t, t):.2f}  test->own {own(t, x):.2f}", flush=True)
