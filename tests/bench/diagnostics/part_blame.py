"""Diagnostic (BENCHMARKS.md, fourteenth session): which parts carry the distance from generated
shapes to real ones. N shapes generated from the category's name; each against its nearest of the
100 test-split shapes (squared-L2 Chamfer, 2,048 points); each generated point's squared distance
to that shape charged to its own part label, each test point's to its label; the shares of the
total printed. SETTINGS (JSON) sets other generation settings than the defaults. Run from the
repository root:
    [SETTINGS=JSON] python tests/bench/diagnostics/part_blame.py MODELS_DIR CATEGORY [N]"""
import json
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from scipy.spatial import cKDTree
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.ops.metrics import sample_surface
from engine.ops.set_metrics import chamfer_matrix

folder, category = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 32
settings = json.loads(os.environ.get("SETTINGS", "{}"))


def labelled_cloud(mesh, seed):
    points, faces = sample_surface(mesh.vertices, mesh.faces, 2048, seed, return_faces=True)
    labels = np.array([name.rstrip("0123456789").rstrip("_") for name in mesh.part_names])
    return points, labels[mesh.face_part[faces]]


g = PartSlotGenerator.load(folder)
generated = []
for start in range(0, n, 16):
    generated += g.sample(Config(prompt=CATEGORY_NAMES[category][0], n=min(16, n - start), seed=start, **settings))
index = list(CATEGORIES).index(category)
real = [labelled_cloud(shape_for_index("test", index + len(CATEGORIES) * k).mesh(), k) for k in range(100)]
made = [labelled_cloud(m, k) for k, m in enumerate(generated) if len(m.faces)]
distances = chamfer_matrix([p for p, _ in made], [p for p, _ in real])
share = {}
for i, (points, labels) in enumerate(made):
    real_points, real_labels = real[int(distances[i].argmin())]
    for side, (a, la, b) in (("generated", (points, labels, real_points)), ("real", (real_points, real_labels, points))):
        d = cKDTree(b).query(a)[0] ** 2 / len(a)
        for label in set(la):
            share[f"{side} {label}"] = share.get(f"{side} {label}", 0.0) + d[la == label].sum()
total = sum(share.values())
print(f"{category}: median distance to the nearest test shape {1e3 * np.median(distances.min(1)):.2f}e-3 ({n} shapes)")
for key, value in sorted(share.items(), key=lambda kv: -kv[1]):
    print(f"  {key:26s} {100 * value / total:5.1f}%")
