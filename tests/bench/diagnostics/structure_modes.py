"""Diagnostic (BENCHMARKS.md, tenth session): how often each part structure (the multiset of part
labels, e.g. seat + 3 legs + footrest) comes out, generated against the training shapes. For one
category: 128 generated shapes (prompt: the category's name) and 400 train-split shapes; the
structures' shares side by side, most common first, and the total variation distance between
the two distributions. Run from the repository root:
    python tests/bench/diagnostics/structure_modes.py MODELS_DIR CATEGORY"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from collections import Counter
import torch
torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", "2")))
from engine.data.shapes import CATEGORIES, shape_for_index
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slot_codec import decode_slots

folder, category = sys.argv[1], sys.argv[2]
names = list(CATEGORIES)


def structure(labels) -> str:
    return " + ".join(f"{n} {label}" if n > 1 else label for label, n in sorted(Counter(labels).items()))


real = Counter(structure(p.label for p in shape_for_index("train", names.index(category) + len(names) * k).parts)
               for k in range(400))
g = PartSlotGenerator.load(folder)
made = Counter()
for seed in range(0, 128, 32):
    for x in g.sample_slots(Config(prompt=CATEGORY_NAMES[category][0], n=32, seed=seed)):
        made[structure(p["label"] for p in decode_slots(x, g.stats))] += 1
real_n, made_n = sum(real.values()), sum(made.values())
tv = 0.5 * sum(abs(real[s] / real_n - made[s] / made_n) for s in set(real) | set(made))
print(f"{folder} {category}: total variation {tv:.3f}; structures real {len(real)}, generated {len(made)}")
for s in sorted(set(real) | set(made), key=lambda s: -(real[s] / real_n + made[s] / made_n))[:14]:
    print(f"  {100 * real[s] / real_n:5.1f}%  {100 * made[s] / made_n:5.1f}%  {s}")
