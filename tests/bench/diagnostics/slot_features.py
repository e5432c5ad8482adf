"""Diagnostic (BENCHMARKS.md, eighth session): where generated part boxes differ from the training
shapes'. For one category, each layout slot's box centre and half extents (shape frame) over 64
generated shapes (prompt: the category's name) against 300 training shapes: the gap between the
means in units of the training spread, worst first. Run from the repository root:
    python tests/bench/diagnostics/slot_features.py MODELS_DIR CATEGORY"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np, torch
from engine.device import configure_threads
configure_threads()
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slot_codec import decode_slots
from engine.generate.slots import SLOT_LAYOUT, shape_to_slots

folder, category = sys.argv[1], sys.argv[2]
names = list(CATEGORIES)
layout = [f"{label}#{k}" for label, count in SLOT_LAYOUT[category] for k in range(count)]
FIELDS = ["cx", "cy", "cz", "hx", "hy", "hz"]


def rows(slots_list):
    out = {}
    for slots in slots_list:
        for k, (centre, half) in slots.items():
            out.setdefault(k, []).append(np.concatenate([centre, np.sort(half)]))
    return {k: np.array(v) for k, v in out.items()}


train = []
for i in range(300):
    s = shape_to_slots(shape_for_index("train", names.index(category) + len(names) * i), points_per_part=4)
    train.append({k: (s.centre[k], s.half[k]) for k in range(len(layout)) if s.exists[k] > 0.5})
g = PartSlotGenerator.load(folder)
generated = []
for seed in (0, 32):
    for x in g.sample_slots(Config(prompt=CATEGORY_NAMES[category][0], n=32, seed=seed)):
        generated.append({k: (p["centre"], p["half"]) for k in range(len(layout)) if x[k, 0] > 0
                          for p in decode_slots(x[k:k + 1], g.stats)})
t, q = rows(train), rows(generated)
gaps = []
for k in sorted(set(t) & set(q)):
    spread = t[k].std(0) + 1e-3
    for j, name in enumerate(FIELDS):
        gaps.append((abs(q[k][:, j].mean() - t[k][:, j].mean()) / spread[j], layout[k], name, t[k][:, j].mean(),
                     q[k][:, j].mean(), t[k][:, j].std(), q[k][:, j].std(), len(t[k]), len(q[k])))
print("slot field  gap(sd)  train mean / generated mean  train sd / generated sd  (n train, n generated)")
for gap, slot, name, tm, qm, ts, qs, nt, nq in sorted(gaps, reverse=True)[:12]:
    print(f"{slot:14s} {name}  {gap:5.2f}  {tm:+.3f} / {qm:+.3f}  {ts:.3f} / {qs:.3f}  ({nt}, {nq})")
ratios = np.array([qs / max(ts, 1e-3) for _, _, _, _, _, ts, qs, nt, nq in gaps if nt >= 20 and nq >= 10])
print(f"spread (generated sd / train sd) over {len(ratios)} slot fields with 20+ training and 10+ generated boxes: "
      f"median {np.median(ratios):.2f}, under 0.5 in {(ratios < 0.5).sum()}, over 1.5 in {(ratios > 1.5).sum()}")
