"""Diagnostic (BENCHMARKS.md, thirteenth session): the distribution when every candidate is
conditioned as the denoiser's training conditions a quarter of its examples: on the reading a
reader that read everything right would give one training shape (its category, every attribute
and its filled slots, features_from_targets), a different training shape of the category per
candidate. With the bare category name, a candidate is conditioned on its drawn structure
(filled slots firm) beside the name's soft attribute odds, a mix training never shows; if the
samples then crowd, this measure is the better one. Runs `eval generator`'s measure
(evaluate_generator, defaults otherwise). Run from the repository root:
    python tests/bench/diagnostics/truth_reading.py MODELS_DIR N CACHE.npz CATEGORY [CATEGORY ...]
CACHE: a generator data cache (train generator --data-cache), whose shapes' attributes are read."""
import json
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
import torch
from engine.device import configure_threads
configure_threads()
from engine.generate.evaluate import evaluate_generator
from engine.generate.part_slots import PartSlotGenerator
from engine.generate.prompt_reader import features_from_targets, reader_targets

folder, n, cache, categories = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
with np.load(cache, allow_pickle=False) as z:
    filled, meta = z["x"][:, :, 0] > 0, json.loads(str(z["meta"]))
gen = PartSlotGenerator.load(folder)
plain_read = gen.net.read
rng = np.random.default_rng(0)


def truth_read(tokens, mask):
    """The candidates' batch: truths of random training shapes of the prompt's category; the
    bare name's lone reading (the structure draw's plain odds) as it is."""
    read = plain_read(tokens, mask)
    if len(read) == 1:
        return read
    category = current[0]
    rows = rng.choice(np.flatnonzero(np.array(meta["categories"]) == category), len(read))
    targets = [reader_targets(category, meta["attributes"][i]) for i in rows]
    return features_from_targets(read, {"category": torch.tensor([t[0] for t in targets]),
                                        "attributes": torch.tensor([t[1] for t in targets]),
                                        "slots": torch.from_numpy(filled[rows])})


gen.net.read = truth_read
current = [None]
for category in categories:
    current[0] = category
    print(f"{folder}: {category}, each candidate read as a training shape's truth")
    evaluate_generator(gen, [category], n=n)
