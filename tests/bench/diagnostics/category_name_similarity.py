"""Diagnostic (BENCHMARKS.md, eighteenth session; tried, not shipped): the category whose caption
names ("a chair", "a coffee mug", ...) the sentence encoder places nearest a prompt, as a fallback
for words no name list holds, on category_words.py's lists. Run from the repository root:
    python tests/bench/diagnostics/category_name_similarity.py [held-out]"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", ".."))
import torch

torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", "1")))
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.text import TextEncoder

source = open(os.path.join(HERE, "category_words.py"), encoding="utf-8").read()
lists = {"PROMPTS": source.split("PROMPTS = ")[1].split("\nHELD_OUT")[0],
         "HELD_OUT": source.split("HELD_OUT = ")[1].split("\nif ")[0]}
prompts = eval(lists["HELD_OUT" if "held-out" in sys.argv[1:] else "PROMPTS"])   # the lists' literals
names = [(category, name) for category, ns in CATEGORY_NAMES.items() for name in ns]
encoder = TextEncoder("cpu")
table = encoder.encode([f"a {name}" for _, name in names])[2].numpy()
pooled = encoder.encode([prompt for prompt, _ in prompts])[2].numpy()
right = 0
for (prompt, expected), vector in zip(prompts, pooled):
    best = {}
    for (category, _), similarity in zip(names, table @ vector):
        best[category] = max(best.get(category, -1.0), float(similarity))
    ranked = sorted(best, key=best.get, reverse=True)
    right += ranked[0] == expected
    print(f"{prompt:22s} expected {expected:12s} nearest {ranked[0]:12s} {best[ranked[0]]:.2f}  "
          f"next {ranked[1]} {best[ranked[1]]:.2f}")
print(f"right: {right}/{len(prompts)}")
