"""Diagnostic (BENCHMARKS.md, latent SDF development run): two samples of six prompts as a
contact sheet with their part labels. Run from the repository root:
    python tests/bench/diagnostics/latent_samples.py DIR OUT.png"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch; torch.set_num_threads(2)
from engine.generate.latent_sdf import LatentSDFGenerator, Config
from engine.data.shapes.pictures import write_contact_sheet
g = LatentSDFGenerator.load(sys.argv[1])
shapes, caps = [], []
for p in ["a round dining table", "a stool with three legs", "an office chair with armrests", "a bookshelf", "a bed", "a vase"]:
    for m in g.sample(Config(prompt=p, n=2, seed=0)):
        if len(m.faces):
            shapes.append(m); caps.append(f"{p}: {len(m.part_names)} parts {sorted(set(n.rstrip('0123456789').rstrip('_') for n in m.part_names))[:4]}")
print(write_contact_sheet(sys.argv[2], shapes, columns=4, captions=caps))
print("\n".join(caps))
