"""Diagnostic (BENCHMARKS.md, fifteenth session): how near to equal a part's two largest box sides
(FLAT) or two smallest (LONG) are, in the train split's shapes and in generated ones (the boxes
decode() meshes: symmetric placement applied, with and without equal_sides), as histograms of
the shorter side over the longer. SETTINGS (JSON) sets other generation settings. Run from the
repository root:
    [SETTINGS=JSON] python tests/bench/diagnostics/side_ratios.py MODELS_DIR CATEGORY LABEL flat|long [N]"""
import json
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.equal_sides import equalize_sides, side_ratio
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.part_symmetry import symmetrize
from engine.generate.slots import part_box

folder, category, label, pair = sys.argv[1:5]
n = int(sys.argv[5]) if len(sys.argv) > 5 else 64
settings = json.loads(os.environ.get("SETTINGS", "{}"))
BINS = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 1.0001]

index = list(CATEGORIES).index(category)
real = [side_ratio(part_box(p.primitive)[1], pair)
        for k in range(300) for p in shape_for_index("train", index + len(CATEGORIES) * k).parts if p.label == label]
g = PartSlotGenerator.load(folder)
made, equalized = [], []
for start in range(0, n, 16):
    slots, _, categories = g.sample_shapes(Config(prompt=CATEGORY_NAMES[category][0], n=min(16, n - start),
                                                  seed=start, **settings))
    for x, c in zip(slots, categories):
        parts = symmetrize(g.placed_parts(x), c)
        made += [side_ratio(p["half"], pair) for p in parts if p["label"] == label]
        equalized += [side_ratio(p["half"], pair) for p in equalize_sides(parts, c) if p["label"] == label]
print(f"{category} {label} {pair}: counts of the shorter side over the longer in bins {BINS[:-1]} .. 1")
for name, values in (("train split", real), ("generated", made), ("generated, equal_sides", equalized)):
    print(f"  {name:24s} {len(values):4d} parts  {np.histogram(values, BINS)[0].tolist()}")
