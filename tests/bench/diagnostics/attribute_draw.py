"""Diagnostic (BENCHMARKS.md, eighteenth session; tried, not shipped): `eval generator`'s measure
with each candidate's reading made certain of one value per attribute, drawn from the reading's own
odds (ONLY=a,b: just those attributes), so that a bare category name's soft odds (a table: low,
medium or tall) condition no candidate on a blend. Run from the repository root:
    [ONLY=height,shape] python tests/bench/diagnostics/attribute_draw.py MODELS_DIR N CATEGORY[,CATEGORY]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.generate.evaluate import evaluate_generator
from engine.generate.part_slots import PartSlotGenerator
from engine.generate.prompt_check import attribute_block
from engine.generate.prompt_reader import ATTRIBUTES
folder, n, categories = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
only = os.environ.get("ONLY", "").split(",") if os.environ.get("ONLY") else list(ATTRIBUTES)
gen = PartSlotGenerator.load(folder)
plain_read = gen.net.read
rng = np.random.default_rng(0)


def drawn_read(tokens, mask):
    """The candidates' batch, each attribute one-hot on a value drawn from its odds; the lone
    reading the structure draw takes as it is."""
    read = plain_read(tokens, mask)
    if len(read) == 1:
        return read
    read = read.clone()
    for key in only:
        block = attribute_block(key)
        odds = read[:, block].double().clamp_min(0)
        for row in range(len(read)):
            p = (odds[row] / odds[row].sum()).numpy()
            pick = rng.choice(len(p), p=p)
            read[row, block] = 0.0
            read[row, block.start + pick] = 1.0
    return read


gen.net.read = drawn_read
evaluate_generator(gen, categories, n=n)
