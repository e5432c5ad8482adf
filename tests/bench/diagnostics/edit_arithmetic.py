"""Diagnostic (BENCHMARKS.md, attribute arithmetic): per (prompt, edit), in how many of six
shapes (seeds 0-5) the edited part is there: the source prompt, the edit keeping the rest of the
shape (`edit`, keep_rest on: the default), the edit remaking the whole shape from the edited
reading (keep_rest off), and the edit's words added to the prompt. Also how many edited shapes
keep the source's other parts' labels. Run from the repository root:
    [NOISE_SCALE=S] python tests/bench/diagnostics/edit_arithmetic.py MODELS_DIR"""
import os
import sys
from dataclasses import replace
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch

from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slot_codec import decode_slots

torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", 2)))
gen = PartSlotGenerator.load(sys.argv[1])
noise_scale = float(os.environ.get("NOISE_SCALE", Config.noise_scale))
CASES = [("a dining chair without arms", "with armrests", ("armrest", "arm_support")),
         ("a dining chair with arms", "without arms", ("armrest", "arm_support")),
         ("an office chair with wheels", "without wheels", ("caster",)),
         ("an office chair without a headrest", "with a headrest", ("headrest",)),
         ("a bed with a footboard", "without a footboard", ("footboard",)),
         ("a mug", "with a saucer", ("saucer",))]


def labels(config):
    return [sorted(p["label"] for p in decode_slots(s, gen.stats)) for s in gen.sample_slots(config)]


for prompt, edit, wanted in CASES:
    base = Config(prompt=prompt, n=6, seed=0, steps=20, noise_scale=noise_scale)
    source, edited = labels(base), labels(replace(base, edit=edit))
    remade = labels(replace(base, edit=edit, keep_rest=False))
    added = labels(replace(base, prompt=f"{prompt}, {edit}"))
    has = lambda shapes: sum(any(label in wanted for label in s) for s in shapes)  # noqa: E731
    rest = lambda s: [label for label in s if label not in wanted]  # noqa: E731
    kept = lambda shapes: sum(rest(a) == rest(b) for a, b in zip(source, shapes))  # noqa: E731
    print(f"{prompt!r} + {edit!r}: with the part: source {has(source)}/6, edit {has(edited)}/6, "
          f"edit remaking all {has(remade)}/6, words added {has(added)}/6; other parts' labels kept "
          f"{kept(edited)}/6, remaking all {kept(remade)}/6")
