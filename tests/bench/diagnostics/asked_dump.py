"""Diagnostic (BENCHMARKS.md, twenty-first session): what the prompt check asks of every evaluation
prompt (fidelity.prompt_check_reading: each fidelity set, the style prompts, the plain prompts of
asked_changes.py), written as JSON; with two such files, the prompts asked differently. Run from
the root of the checkout to measure (a git worktree of an earlier revision for the "before" file):
    python tests/bench/diagnostics/asked_dump.py OUT.json [--models DIR]
    python tests/bench/diagnostics/asked_dump.py --compare BEFORE.json AFTER.json"""
import json
import os
import sys

if sys.argv[1] == "--compare":
    before, after = (json.load(open(path)) for path in sys.argv[2:4])
    changed = [p for p in before if before[p] != after.get(p)]
    for prompt in changed:
        print(f"{prompt!r}: {before[prompt]} -> {after.get(prompt)}")
    print(f"{len(changed)} of {len(before)} prompts asked differently")
    sys.exit(0)
sys.path.insert(0, os.getcwd())
import torch

torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", "1")))
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.fidelity import PROMPT_SETS, prompt_check_reading
from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator
from engine.generate.style_adherence import STYLE_PROMPTS

# asked_changes.py's plain prompts, written out here rather than imported: this script runs in
# checkouts of earlier revisions, which have neither it nor a shared helper
ADJECTIVES = ("a modern {}", "a simple wooden {}", "a big {}", "a small {}", "an elegant {}")
folder = sys.argv[sys.argv.index("--models") + 1] if "--models" in sys.argv else MODELS_DIR
prompts = [prompt for prompts in PROMPT_SETS.values() for prompt, _ in prompts] + [p for p, *_ in STYLE_PROMPTS]
for names in CATEGORY_NAMES.values():
    prompts += [f"a {name}" for name in names] + [form.format(name) for form, name in zip(ADJECTIVES, names)]
generator = PartSlotGenerator.load(folder)
asked = {prompt: {key: value.item() if hasattr(value, "item") else value
                  for key, value in prompt_check_reading(generator, Config(prompt=prompt)).items()}
         for prompt in dict.fromkeys(prompts)}
with open(sys.argv[1], "w") as f:
    json.dump(asked, f, indent=0, default=str)
print(f"{len(asked)} prompts")
