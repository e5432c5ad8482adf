"""Diagnostic (BENCHMARKS.md): the slot odds a generator's prompt reader gives, per slot label,
and how many of 10 samples fill those slots. Run from the repository root:
    python tests/bench/diagnostics/slot_odds.py MODELS_DIR"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch  # noqa: E402

from engine.generate.part_slots import Config, PartSlotGenerator  # noqa: E402
from engine.generate.slot_codec import decode_slots  # noqa: E402
from engine.generate.slots import SLOT_LAYOUT  # noqa: E402
from engine.generate.text import TextEncoder  # noqa: E402

PROBES = [("office_chair", "an office chair including a rest for the head", "headrest"),
          ("office_chair", "an office chair missing a headrest", "headrest"),
          ("office_chair", "an office chair that does not roll", "caster"),
          ("office_chair", "an office chair that glides on small wheels", "caster"),
          ("office_chair", "an office chair, arms left off", "armrest"),
          ("office_chair", "an office chair offering armrests", "armrest"),
          ("cabinet", "a cupboard closed by a single door", "door"),
          ("cabinet", "a cabinet fronted by a pair of doors", "door"),
          ("chair", "a dining chair, no armrests whatsoever", "armrest"),
          ("chair", "a dining chair having armrests on both sides", "armrest")]


def block(category, label):
    at = 0
    for name, count in SLOT_LAYOUT[category]:
        if name == label:
            return list(range(at, at + count))
        at += count


def main(models):
    gen = PartSlotGenerator.load(models)
    tokens, mask, _ = TextEncoder().encode([p for _, p, _ in PROBES])
    with torch.no_grad():
        odds = gen.net.read(tokens, mask)[:, -24:]
    for (category, prompt, label), o in zip(PROBES, odds):
        slots = block(category, label)
        samples = gen.sample_slots(Config(prompt=prompt, n=10, seed=5))
        filled = [sum(p["label"] == label for p in decode_slots(s, gen.stats)) for s in samples]
        print(f"{prompt!r:55s} {label:8s} odds {[round(float(o[i]), 2) for i in slots]}  parts per sample {filled}")


if __name__ == "__main__":
    main(sys.argv[1])
