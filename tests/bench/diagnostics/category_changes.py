"""Diagnostic (BENCHMARKS.md, eighteenth session): which evaluation prompts (every fidelity set and
the style prompts) the generator makes another category of with the working tree's
category_names.py than with the one at git revision REV (part_slots.resolve_category), and which
hold one of category_names.OTHER_NAMES. Run from the repository root:
    python tests/bench/diagnostics/category_changes.py REV [MODELS_DIR]"""
import os
import subprocess
import sys
import types

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
sys.path.insert(0, ROOT)
import torch

torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", "1")))
import engine.generate.category_names as current
from engine.generate.fidelity import PROMPT_SETS
from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator
from engine.generate.style_adherence import STYLE_PROMPTS

prompts = [(s, p) for s, ps in PROMPT_SETS.items() for p, _ in ps] + [("styles", p) for p, *_ in STYLE_PROMPTS]
generator = PartSlotGenerator.load(sys.argv[2] if len(sys.argv) > 2 else MODELS_DIR)
after = {p: generator.resolve_category(Config(prompt=p)).category for _, p in prompts}
source = subprocess.run(["git", "show", f"{sys.argv[1]}:engine/generate/category_names.py"], capture_output=True,
                        text=True, cwd=ROOT, check=True).stdout
earlier = types.ModuleType("engine.generate.category_names")
earlier.__package__ = "engine.generate"
exec(compile(source, "category_names.py@" + sys.argv[1], "exec"), earlier.__dict__)
sys.modules["engine.generate.category_names"] = earlier
before = {p: generator.resolve_category(Config(prompt=p)).category for _, p in prompts}
sys.modules["engine.generate.category_names"] = current
changed = [(s, p) for s, p in prompts if before[p] != after[p]]
for s, p in changed:
    print(f"{s:8s} {p!r}: {before[p] or '(as read)'} -> {after[p] or '(as read)'}")
print(f"{len(changed)} of {len(prompts)} prompts make another category")
print("holding an other name:", [p for _, p in prompts
                                 if any(n in current.OTHER_NAMES.get(c, ()) for n, c in current.named_names(p))])
