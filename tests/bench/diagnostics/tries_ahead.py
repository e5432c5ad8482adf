"""Diagnostic (BENCHMARKS.md, eleventh session): the prompt check's slot sampling with a lone
candidate's first retry denoised beside its first try (part_slots.TRIES_BATCH = 2, the default)
against retries made after it (TRIES_BATCH = 1): mean seconds a request (n = 1, seeds 0-7, the
two settings alternating) and whether both chose the same candidates. Run from the repository root:
    python tests/bench/diagnostics/tries_ahead.py [MODELS_DIR]"""
import os
import sys
import time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch

import engine.generate.part_slots as part_slots
from engine.device import configure_threads
from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator

configure_threads()
g = PartSlotGenerator.load(sys.argv[1] if len(sys.argv) > 1 else MODELS_DIR)
g.sample_slots(Config(prompt="a stool", n=1, seed=0))   # warm
for prompt in ("a round dining table", "a stool with three legs"):
    seconds, same = {1: 0.0, 2: 0.0}, True
    for seed in range(8):
        recipes = {}
        for batch in (1, 2):
            part_slots.TRIES_BATCH = batch
            started = time.perf_counter()
            recipes[batch] = g.sample_candidates(Config(prompt=prompt, n=1, seed=seed))[1]
            seconds[batch] += time.perf_counter() - started
        same &= recipes[1] == recipes[2]
    print(f"{prompt!r}: retries after {seconds[1] / 8:.3f} s, first retry ahead {seconds[2] / 8:.3f} s, "
          f"same candidates: {same}, torch threads {torch.get_num_threads()}")
