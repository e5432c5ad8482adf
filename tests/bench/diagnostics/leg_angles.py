"""Diagnostic (BENCHMARKS.md, tenth session): does each leg slot of a stool keep its place? In the
training stools leg slot k stands at a fixed angle around the seat for a given leg count (three
legs: 90, -150, -30 degrees; four: 45, 135, -135, -45). Prints, per leg slot, the angle
percentiles (5, 25, 50, 75, 95) and the mean radius of 64 generated stools ("a stool") against
200 train-split stools. Run from the repository root:
    python tests/bench/diagnostics/leg_angles.py MODELS_DIR"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np, torch
torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", "2")))
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slots import shape_to_slots

g = PartSlotGenerator.load(sys.argv[1])
made = np.concatenate([g.sample_slots(Config(prompt="a stool", n=32, seed=s)) for s in (0, 32)])
stool = list(CATEGORIES).index("stool")
real = [shape_to_slots(shape_for_index("train", stool + len(CATEGORIES) * k), points_per_part=4) for k in range(200)]


def describe(centres):
    angle = np.degrees(np.arctan2(centres[:, 1], centres[:, 0]))
    return (f"n {len(centres):3d}  angle {np.percentile(angle, [5, 25, 50, 75, 95]).round(0)}  "
            f"radius {np.hypot(centres[:, 0], centres[:, 1]).mean():.3f}")


for k in range(1, 5):   # the stool layout's leg block: slots 1-4
    generated = made[made[:, k, 0] > 0, k, 7:10] / 2      # slot_codec: centre x 2 after the exists flag and label bits
    training = np.array([s.centre[k] for s in real if s.exists[k] > 0.5])
    print(f"leg slot {k}: generated {describe(generated)}")
    print(f"            training  {describe(training)}")
