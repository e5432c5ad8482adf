"""Diagnostic (BENCHMARKS.md, ninth session): what the generator's prompt check takes each
fidelity prompt to ask for (the mention reader's attributes, valued by the prompt reader) against
what the prompt asks for. Per set: prompts whose check asks exactly the expected attributes with
the expected values, prompts where it asks for something more, and what it mentions. Run from the
repository root:
    python tests/bench/diagnostics/prompt_check_reads.py [MODELS_DIR]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch
torch.set_num_threads(2)
from engine.generate.fidelity import PHRASE_KEYS, PROMPT_SETS, prompt_check_reading
from engine.generate.mention_reader import mentioned_attributes
from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator
from engine.generate.text import TextEncoder

g = PartSlotGenerator.load(sys.argv[1] if len(sys.argv) > 1 else MODELS_DIR)
encoder = TextEncoder("cpu")
for name, prompts in PROMPT_SETS.items():
    exact = more = 0
    for prompt, expected in prompts:
        want = {PHRASE_KEYS[k]: ("round" if v else "not round") if k == "round" else v for k, v in expected.items()}
        asked = prompt_check_reading(g, Config(prompt=prompt))
        got = {k: ("round" if v == "round" else "not round") if k == "shape" else v for k, v in asked.items()}
        tokens, mask, _ = encoder.encode([prompt])
        mentioned = mentioned_attributes(g.mentions, tokens, mask)[0]
        right = all(got.get(k) == v for k, v in want.items())
        exact += right and set(got) == set(want)
        more += right and set(got) != set(want)
        print(f"{name:5s} {'ok  ' if right else 'MISS'} {prompt!r}: wants {want}, checks {got}, mentions {mentioned}")
    print(f"{name}: the check asks exactly what the prompt asks in {exact}/{len(prompts)}, that and more in {more}")
