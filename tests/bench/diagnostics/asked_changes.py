"""Diagnostic (BENCHMARKS.md, eighteenth session): which prompts the prompt check asks something
else of with the given settings off than with the defaults (fidelity.prompt_check_reading), over
every fidelity set, the style prompts and the plain prompts (category names with and without an
adjective), with what each prompt tests. Run from the repository root:
    python tests/bench/diagnostics/asked_changes.py SETTING [SETTING ...] [--models DIR] [--against REV]
e.g. phrase_negations, negation_reach (part_slots.Config booleans); --against REV: the "off" run
also reads negations with negation_scope.py as it was at git revision REV (its cue lists; helpers
added since are taken from the current one)."""
import os
import subprocess
import sys
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch

torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", "1")))
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate.fidelity import PROMPT_SETS, prompt_check_reading
from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator
from engine.generate.style_adherence import STYLE_PROMPTS

ADJECTIVES = ("a modern {}", "a simple wooden {}", "a big {}", "a small {}", "an elegant {}")
args = sys.argv[1:]
options = {name: args[args.index(name) + 1] for name in ("--models", "--against") if name in args}
folder = options.get("--models", MODELS_DIR)
settings = [a for i, a in enumerate(args) if a not in options and a not in options.values()]
plain = [prompt for prompt, *_ in STYLE_PROMPTS]
for names in CATEGORY_NAMES.values():
    plain += [f"a {name}" for name in names] + [form.format(name) for form, name in zip(ADJECTIVES, names)]
items = [(set_name, prompt, expected) for set_name, prompts in PROMPT_SETS.items() for prompt, expected in prompts]
items += [("plain", prompt, {}) for prompt in plain]
generator = PartSlotGenerator.load(folder)
asked_on = {prompt: prompt_check_reading(generator, Config(prompt=prompt)) for _, prompt, _ in items}
if "--against" in options:
    source = subprocess.run(["git", "show", options["--against"] + ":engine/generate/negation_scope.py"],
                            capture_output=True, text=True, check=True,
                            cwd=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")).stdout
    earlier = types.ModuleType("engine.generate.negation_scope")
    earlier.__package__ = "engine.generate"
    exec(compile(source, "negation_scope.py@" + options["--against"], "exec"), earlier.__dict__)
    import engine.generate.negation_scope as current

    for name in vars(current):   # helpers added since REV (count_words reads words with them)
        earlier.__dict__.setdefault(name, getattr(current, name))
    sys.modules["engine.generate.negation_scope"] = earlier
changed = 0
for set_name, prompt, expected in items:
    off = prompt_check_reading(generator, Config(prompt=prompt, **{name: False for name in settings}))
    on = asked_on[prompt]
    if off != on:
        changed += 1
        print(f"{set_name:8s} {prompt!r} tests {expected}\n         off {off}\n         on  {on}")
print(f"{changed} of {len(items)} prompts asked differently with {', '.join(settings)} on")
