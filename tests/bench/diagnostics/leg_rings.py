"""Diagnostic (BENCHMARKS.md, fourteenth session): how evenly a category's generated legs stand,
against its training shapes. Per shape with three or more parts of LABEL: the spread of their
distances from their mean axis (coefficient of variation), the rms of their angular gaps from even
spacing (degrees), the offset of that axis from the hub part's centre, and the first angle of the
ring modulo 360 / n; medians and 90th percentiles over 64 generated shapes (the denoised slots as
they come, before any placement) and 200 train-split shapes. SETTINGS (JSON) sets other generation
settings than the defaults. Run from the repository root:
    [SETTINGS=JSON] python tests/bench/diagnostics/leg_rings.py MODELS_DIR [CATEGORY LABEL HUB]   (stool leg seat)"""
import json
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slot_codec import decode_slots
from engine.generate.slots import part_box

folder = sys.argv[1]
category, label, hub = (sys.argv[2:5] if len(sys.argv) >= 5 else ("stool", "leg", "seat"))
settings = json.loads(os.environ.get("SETTINGS", "{}"))


def ring(parts):
    """(radius spread, spacing rms in degrees, axis offset from the hub, first angle mod 360/n) or None."""
    group = [p for p in parts if p["label"] == label]
    hubs = [p for p in parts if p["label"] == hub]
    if len(group) < 3 or len(hubs) != 1:
        return None
    centres = np.array([p["centre"] for p in group])
    axis = centres[:, :2].mean(0)
    offsets = centres[:, :2] - axis
    radius = np.hypot(*offsets.T)
    angles = np.sort(np.arctan2(offsets[:, 1], offsets[:, 0]))
    gaps = np.diff(np.concatenate([angles, angles[:1] + 2 * np.pi]))
    step = 2 * np.pi / len(group)
    return (radius.std() / radius.mean(), np.degrees(np.sqrt(((gaps - step) ** 2).mean())),
            np.linalg.norm(axis - np.asarray(hubs[0]["centre"])[:2]), np.degrees(angles[0] % step))


def describe(name, rows):
    rows = np.array([r for r in rows if r is not None])
    median, high = np.median(rows, axis=0), np.percentile(rows, 90, axis=0)
    print(f"{name:9s} {len(rows):3d} shapes: radius spread {100 * median[0]:.1f}% (90%: {100 * high[0]:.1f}%), "
          f"spacing off by {median[1]:.1f} deg rms (90%: {high[1]:.1f}), axis off the {hub} by {median[2]:.3f} "
          f"(90%: {high[2]:.3f}), first angles {sorted(set(np.round(rows[:, 3]).astype(int)))[:12]}")


g = PartSlotGenerator.load(folder)
made = np.concatenate([g.sample_slots(Config(prompt=CATEGORY_NAMES[category][0], n=32, seed=s, **settings))
                       for s in (0, 32)])
describe("generated", [ring(decode_slots(x, g.stats)) for x in made])
index = list(CATEGORIES).index(category)
real = []
for k in range(200):
    shape = shape_for_index("train", index + len(CATEGORIES) * k)
    real.append(ring([dict(zip(("centre", "half", "rotation"), part_box(p.primitive)), label=p.label)
                      for p in shape.parts]))
describe("training", real)
