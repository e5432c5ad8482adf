"""Diagnostic (BENCHMARKS.md, twenty-fourth session): how far each label's boxes are turned from
square to the shape (upright_boxes.tilt_degrees), in the train split and in N generated shapes of
each category (the eval's prompt, seed 0), as placed by the denoiser with symmetry, equal sides and
proportions but before straightening (UPRIGHT=1: after). Run from the repository root:
    [UPRIGHT=1] python tests/bench/diagnostics/box_tilts.py MODELS_DIR N CATEGORY [CATEGORY ...]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slots import train_part_boxes
from engine.generate.upright_boxes import tilt_degrees

folder, n, categories = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
g = PartSlotGenerator.load(folder)
upright = os.environ.get("UPRIGHT") == "1"
train = {}
for category, parts in train_part_boxes(1300):
    for p in parts:
        train.setdefault((category, p["label"]), []).append(tilt_degrees(p["rotation"]))
for category in categories:
    made = {}
    for slots in g.sample_slots(Config(prompt=CATEGORY_NAMES[category][0], n=n, seed=0, steps=25)):
        for p in g.arranged_parts(slots, category, True, True, True, False, upright):
            made.setdefault(p["label"], []).append(tilt_degrees(p["rotation"]))
    for label in sorted(made):
        t, q = np.array(train.get((category, label), [np.nan])), np.array(made[label])
        print(f"{category:12s} {label:14s} train {len(t):4d} parts, max {np.nanmax(t):5.1f} deg | generated "
              f"{len(q):3d}: median {np.median(q):5.1f}, 90th {np.percentile(q, 90):5.1f}, over 3 deg {np.mean(q > 3):.2f}")
