"""Diagnostic (BENCHMARKS.md, the seventh session's reader ensemble): how many prompts of each
fidelity set every reader of a generator's ensemble reads right alone, and the ensemble. Run
from the repository root:
    python tests/bench/diagnostics/reader_members.py MODELS_DIR"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch

from engine.generate.fidelity import PHRASE_KEYS, PROMPT_SETS, reader_agrees
from engine.generate.part_slots import PartSlotGenerator
from engine.generate.prompt_reader import read_prompt
from engine.generate.text import TextEncoder

torch.set_num_threads(2)
gen = PartSlotGenerator.load(sys.argv[1])
readers = list(getattr(gen.net.reader, "members", [gen.net.reader]))
encoder = TextEncoder("cpu")
for name, prompts in PROMPT_SETS.items():
    tokens, mask, _ = encoder.encode([p for p, _ in prompts])
    counts = []
    for reader in readers + [gen.net.reader]:
        readings = read_prompt(reader, tokens, mask)
        counts.append(sum(reader_agrees(r, e) for r, (_, e) in zip(readings, prompts)))
    print(f"{name}: each reader {counts[:-1]}, together {counts[-1]} of {len(prompts)}")
    for r, (p, e) in zip(readings, prompts):
        if not reader_agrees(r, e):
            print(f"   misread {p!r}: {[(k, r.get(PHRASE_KEYS[k])) for k in e]} category {r['category']}")
