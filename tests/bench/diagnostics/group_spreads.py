"""Diagnostic (BENCHMARKS.md, seventeenth session): how far generated groups of repeated parts
stand from their hub against the training range (group_spread.SPREADS). For each category, 64
shapes generated from its name, each group snapped symmetric (part_symmetry) and measured as
group_spread.spread does; printed: the training range (min, max per axis), the generated one, and
the share of generated groups more than 0.02 outside the training range. SETTINGS (JSON) sets other
generation settings. Run from the repository root:
    [SETTINGS=JSON] python tests/bench/diagnostics/group_spreads.py MODELS_DIR CATEGORY[,CATEGORY...]"""
import json
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.group_spread import SPREADS, hubbed_spreads
from engine.generate.part_slots import Config, PartSlotGenerator

folder, categories = sys.argv[1], sys.argv[2].split(",")
settings = json.loads(os.environ.get("SETTINGS", "{}"))
g = PartSlotGenerator.load(folder)
for category in categories:
    slots, _, kinds = g.sample_shapes(Config(prompt=CATEGORY_NAMES[category][0], n=64, seed=0, **settings))
    seen: dict = {}
    for s, kind in zip(slots, kinds):
        for key, value in hubbed_spreads(g.arranged_parts(s, kind), kind).items():
            seen.setdefault(key, []).append(value)
    for key, rows in sorted(seen.items()):
        rule = SPREADS.get(category, {}).get(key)
        rows = np.array(rows)
        if rule is None:
            print(f"{category:13s} {key:16s} {len(rows):3d} generated, no training range (not measured against its hub)")
            continue
        low, high = np.array(rule[0]), np.array(rule[1])
        outside = ((rows < low - 0.02) | (rows > high + 0.02)).any(1).mean()
        print(f"{category:13s} {key:16s} training {low.round(3)}..{high.round(3)}  generated {len(rows):3d}: "
              f"{rows.min(0).round(3)}..{rows.max(0).round(3)}, outside {100 * outside:.0f}%")
