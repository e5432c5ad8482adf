"""Diagnostic (BENCHMARKS.md, eighth session): does the denoiser keep each slot's role? An office
chair's arm support in slot 14 is on the right (+x) and the one in slot 15 on the left in every
training shape; the base spokes' centres lie at a radius of about 0.16. Prints, for generated
office chairs (prompt "office chair", seeds 0..31) at a few sampling settings, the share of arm
supports on their own side and the spokes' centre radius, beside the same for 300 training shapes.
Run from the repository root:
    python tests/bench/diagnostics/slot_sides.py MODELS_DIR"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np, torch
torch.set_num_threads(2)
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slot_codec import LABEL_BITS
from engine.generate.slots import shape_to_slots

RIGHT, LEFT, SPOKES = 14, 15, range(2, 7)
names = list(CATEGORIES)
own, radius = [], []
for k in range(300):
    s = shape_to_slots(shape_for_index("train", names.index("office_chair") + len(names) * k), points_per_part=4)
    own += [s.centre[RIGHT, 0] > 0] if s.exists[RIGHT] else []
    own += [s.centre[LEFT, 0] < 0] if s.exists[LEFT] else []
    radius += [np.hypot(*s.centre[j, :2]) for j in SPOKES if s.exists[j]]
print(f"training shapes: arm supports on their own side {np.mean(own):.2f} of {len(own)}; "
      f"spoke centre radius {np.mean(radius):.3f} ± {np.std(radius):.3f}")
g = PartSlotGenerator.load(sys.argv[1])
b = 1 + LABEL_BITS
for guidance, steps in [(2.0, 25), (1.0, 25), (2.0, 100)]:
    S = g.sample_slots(Config(prompt="office chair", n=32, seed=0, steps=steps, guidance=guidance))
    own = [s[RIGHT, b] > 0 for s in S if s[RIGHT, 0] > 0] + [s[LEFT, b] < 0 for s in S if s[LEFT, 0] > 0]
    radius = [np.hypot(*s[j, b:b + 2] / 2) for s in S for j in SPOKES if s[j, 0] > 0]
    print(f"guidance {guidance} steps {steps}: arm supports on their own side {np.mean(own):.2f} of {len(own)}; "
          f"spoke centre radius {np.mean(radius):.3f} ± {np.std(radius):.3f}")
