"""Diagnostic (BENCHMARKS.md, the slot gate): the reader's filled-odds for arm and caster slots
and the arm or caster parts ten samples get, with no gate. Run from the repository root:
    python tests/bench/diagnostics/arm_odds.py MODELS_DIR [MODELS_DIR ...]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch; torch.set_num_threads(1)
from engine.generate.part_slots import Config, PartSlotGenerator
from engine.generate.slot_codec import decode_slots, layout_label_ids
from engine.data.shapes.labels import LABELS
from engine.generate.text import TextEncoder
for m in sys.argv[1:]:
    gen = PartSlotGenerator.load(m)
    for cat, prompt in [("chair", "a dining chair, no armrests whatsoever"), ("chair", "a plain kitchen chair with nothing to rest your arms on"), ("office_chair", "an office chair on fixed feet instead of wheels")]:
        tok, mask, _ = TextEncoder().encode([prompt])
        with torch.no_grad(): odds = gen.net.read(tok, mask)[0, -24:]
        lay = layout_label_ids(cat, 24)
        print(m[-10:], prompt[:40], " ".join(f"{LABELS[l]}:{o:.2f}" for l, o in zip(lay, odds.tolist()) if l >= 0 and LABELS[l] in ("arm_support", "armrest", "caster", "base_spoke", "leg")))
        samples = gen.sample_slots(Config(prompt=prompt, n=10, seed=0, slot_gate=0.0))
        print("   ", [sorted(p["label"] for p in decode_slots(s, gen.stats) if p["label"] in ("arm_support", "armrest", "caster")) for s in samples][:5])
