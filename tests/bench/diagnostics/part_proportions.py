"""Diagnostic (BENCHMARKS.md, seventeenth session): generated part sizes against the training
ranges of their ratios (part_proportions.PROPORTIONS). For each category, 64 shapes generated from
its name, groups snapped symmetric; for every measured pair of units both present, the share of
generated shapes whose log size ratio is more than 0.05 outside the training range on each world
axis. SETTINGS (JSON) sets other generation settings. Run from the repository root:
    [SETTINGS=JSON] python tests/bench/diagnostics/part_proportions.py MODELS_DIR CATEGORY[,CATEGORY...]"""
import json
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.part_proportions import PROPORTIONS, log_ratios
from engine.generate.part_slots import Config, PartSlotGenerator

folder, categories = sys.argv[1], sys.argv[2].split(",")
settings = json.loads(os.environ.get("SETTINGS", "{}"))
g = PartSlotGenerator.load(folder)
for category in categories:
    slots, _, kinds = g.sample_shapes(Config(prompt=CATEGORY_NAMES[category][0], n=64, seed=0, **settings))
    seen: dict = {}
    for s, kind in zip(slots, kinds):
        for key, ratio in log_ratios(g.arranged_parts(s, kind)).items():
            if key in PROPORTIONS.get(category, {}):
                seen.setdefault(key, []).append(ratio)
    for key, rows in sorted(seen.items()):
        low, high = (np.array(v) for v in PROPORTIONS[category][key])
        rows = np.array(rows)
        outside = ((rows < low - 0.05) | (rows > high + 0.05)).mean(0)
        print(f"{category:13s} {key:28s} {len(rows):3d} generated; outside by x / y / z: "
              f"{' / '.join(f'{100 * v:.0f}%' for v in outside)}  (training ratio {np.exp(low).round(2)}.."
              f"{np.exp(high).round(2)})")
