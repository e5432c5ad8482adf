"""Diagnostic (BENCHMARKS.md, fifteenth session): a picture of what 1-NNA compares. Rows of three:
a test-split shape, its nearest other test shape and its nearest of N generated shapes (squared
Chamfer on the eval's 2,048-point clouds), every 10th of the first 60 test shapes. SETTINGS (JSON)
sets other generation settings. Run from the repository root:
    [SETTINGS=JSON] python tests/bench/diagnostics/nearest_pictures.py MODELS_DIR CATEGORY OUT.png [N]"""
import json
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.data.shapes.pictures import write_contact_sheet
from engine.generate.evaluate import _cloud
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.ops.set_metrics import chamfer_matrix

folder, category, out = sys.argv[1:4]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 64
settings = json.loads(os.environ.get("SETTINGS", "{}"))
g = PartSlotGenerator.load(folder)
made = []
for start in range(0, n, 16):
    made += g.sample(Config(prompt=CATEGORY_NAMES[category][0], n=min(16, n - start), seed=start, **settings))
index = list(CATEGORIES).index(category)
test = [shape_for_index("test", index + len(CATEGORIES) * k) for k in range(60)]
test_clouds = [_cloud(t.mesh(), k) for k, t in enumerate(test)]
to_made = chamfer_matrix(test_clouds, [_cloud(m, k) for k, m in enumerate(made)])
to_test = chamfer_matrix(test_clouds)
np.fill_diagonal(to_test, np.inf)
items, captions = [], []
for i in range(0, 60, 10):
    j, k = int(to_test[i].argmin()), int(to_made[i].argmin())
    items += [test[i], test[j], made[k]]
    captions += [f"test {i}", f"nearest test {1e3 * to_test[i, j]:.2f}e-3", f"nearest generated {1e3 * to_made[i, k]:.2f}e-3"]
print(write_contact_sheet(out, items, columns=3, cell=200, captions=captions, caption_lines=1))
