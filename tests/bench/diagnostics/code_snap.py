"""Diagnostic (BENCHMARKS.md, eighteenth session; tried, not shipped): `eval generator`'s measure
with every arranged part's geometry code replaced by the nearest code of its label among the
first POOL (1,500) training shapes of a generator data cache (MODE=mean5: the mean of the five
nearest). Run from the repository root:
    [POOL=N] [MODE=nearest|mean5] python tests/bench/diagnostics/code_snap.py MODELS_DIR N CATEGORY[,CATEGORY] CACHE.npz"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
from engine.device import configure_threads
configure_threads()
from engine.generate.evaluate import evaluate_generator
from engine.generate.part_slots import PartSlotGenerator
from engine.generate.slot_codec import decode_slots
folder, n, categories, cache = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4]
mode = os.environ.get("MODE", "nearest")
gen = PartSlotGenerator.load(folder)
with np.load(cache, allow_pickle=False) as z:
    x = z["x"][:int(os.environ.get("POOL", "1500"))]
pool = {}
for shape in x:
    for p in decode_slots(shape, gen.stats):
        pool.setdefault(p["label"], []).append(np.asarray(p["code"], dtype=np.float64))
pool = {k: np.stack(v) for k, v in pool.items()}
print({k: len(v) for k, v in pool.items()})
plain = gen.arranged_parts


def snapped(*args, **kwargs):
    """arranged_parts, each part's code replaced by its label's nearest pool code (or five's mean)."""
    parts = plain(*args, **kwargs)
    for p in parts:
        bank = pool.get(p["label"])
        if bank is None:
            continue
        d = ((bank - np.asarray(p["code"])) ** 2).sum(1)
        if mode == "nearest":
            p["code"] = bank[d.argmin()].astype(np.float32)
        else:   # mean of the 5 nearest
            p["code"] = bank[np.argsort(d)[:5]].mean(0).astype(np.float32)
    return parts


gen.arranged_parts = snapped
evaluate_generator(gen, categories, n=n)
