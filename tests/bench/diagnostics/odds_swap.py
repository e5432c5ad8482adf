"""Diagnostic (BENCHMARKS.md): set the prompt reader's slot odds or attributes by hand and count the parts the shipped generator makes. Run from the repository root."""
import os
import sys, numpy as np, torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from engine.generate.part_slots import PartSlotGenerator, Config
from engine.generate.slot_codec import decode_slots
from engine.generate.prompt_reader import ATTRIBUTES, ATTRIBUTE_VALUES, CATEGORIES
from engine.generate import part_slots
g = PartSlotGenerator.load("engine/models")
orig_read = g.net.read
def run(prompt, slots, value, attr=None, attr_value=None, n=20):
    def patched(tokens, mask):
        f = orig_read(tokens, mask).clone()
        if slots is not None:
            f[:, -24:][:, slots] = value
        if attr is not None:
            off = len(CATEGORIES) + sum(len(ATTRIBUTE_VALUES[k]) for k in ATTRIBUTES[:ATTRIBUTES.index(attr)])
            vals = ATTRIBUTE_VALUES[attr]
            f[:, off:off + len(vals)] = 0
            f[:, off + vals.index(attr_value)] = 1
        return f
    g.net.read = patched
    out = g.sample_slots(Config(prompt=prompt, n=n, seed=5, steps=25))
    g.net.read = orig_read
    labels = [[p["label"] for p in decode_slots(s, g.stats)] for s in out]
    return labels
for value in (0.0, 1.0):
    L = run("a dining chair", [19, 20, 21, 22], value)
    print("chair armrest odds", value, "with arms:", sum("armrest" in l for l in L), "/20")
for av in (False, True):
    L = run("a dining chair", None, None, "arms", av)
    print("chair arms attribute", av, "with arms:", sum("armrest" in l for l in L), "/20")
for value in (0.0, 1.0):
    L = run("a bed", [4], value)
    print("bed headboard odds", value, "with headboard:", sum("headboard" in l for l in L), "/20")
for value in (0.0, 1.0):
    L = run("a cabinet", [10, 11], value)
    print("cabinet door odds", value, "doors:", np.bincount([l.count("door") for l in L], minlength=3))
