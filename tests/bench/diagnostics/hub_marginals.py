"""Diagnostic (BENCHMARKS.md, eighteenth session): how generated shapes of a category spread over
three proportions the train split spreads evenly over its deciles: the whole shape's height over
its longest horizontal side, and its hub part's (a table's top, a seat) middle and shortest box
side over its longest. Generated: 96 shapes from PROMPT (default: the category's name), parts
arranged as decode() arranges them. Run from the repository root:
    python tests/bench/diagnostics/hub_marginals.py MODELS_DIR CATEGORY [PROMPT]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
import torch

torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", "1")))
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slots import train_part_boxes

HUBS = {"table": "tabletop", "stool": "seat", "chair": "seat", "office_chair": "seat", "armchair": "seat"}
folder, category = sys.argv[1], sys.argv[2]
prompt = sys.argv[3] if len(sys.argv) > 3 else category.replace("_", " ")


def proportions(parts):
    """(height / longest horizontal side, hub's middle / longest side, hub's shortest / longest),
    or None without a hub part."""
    low = np.min([p["centre"] - np.abs(p["rotation"]) @ p["half"] for p in parts], axis=0)
    high = np.max([p["centre"] + np.abs(p["rotation"]) @ p["half"] for p in parts], axis=0)
    size = high - low
    hubs = [p for p in parts if p["label"] == HUBS[category]]
    if not hubs:
        return None
    sides = np.sort(hubs[0]["half"])
    return size[2] / max(size[0], size[1]), sides[1] / sides[2], sides[0] / sides[2]


real = np.array([f for f in (proportions(list(parts)) for c, parts in train_part_boxes(2600) if c == category)
                 if f is not None])
generator = PartSlotGenerator.load(folder)
made = []
for seed in range(0, 96, 16):
    slots, _, categories = generator.sample_shapes(Config(prompt=prompt, n=16, seed=seed))
    for x, c in zip(slots, categories):
        found = proportions(generator.arranged_parts(x, c, True, True, True, True))
        if found is not None:
            made.append(found)
made = np.array(made)
print(f"{category}: {len(real)} train-split shapes, {len(made)} generated from {prompt!r}")
for i, name in enumerate(("height / longest horizontal side", "hub middle / longest side", "hub shortest / longest")):
    edges = np.quantile(real[:, i], np.linspace(0, 1, 11))
    print(f"{name}: train deciles {np.round(edges, 3).tolist()}")
    print(f"  generated per decile {np.histogram(np.clip(made[:, i], edges[0], edges[-1]), edges)[0].tolist()} "
          f"(train: {len(real) // 10} each, ties aside)")
