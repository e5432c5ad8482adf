"""Diagnostic (BENCHMARKS.md, the seventh session's reader): train the prompt reader alone, with
today's caption vocabulary, on the shapes of a generator data cache (its captions are written
again), and count the prompts of each fidelity set it reads right. Run from the repository root:
    python tests/bench/diagnostics/reader_only.py DATA_CACHE.npz [--token-dropout R] [--steps N] [--seed S]
        [--members K]   (K readers trained one after another, each counted, then their average)
        [--max-tokens L]"""
import argparse
import json
import os
import sys
import time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import numpy as np
import torch

from engine.data.shapes.captions import write_caption
from engine.generate.fidelity import PHRASE_KEYS, PROMPT_SETS, reader_agrees
from engine.generate.prompt_reader import ReaderConfig, make_reader, read_prompt
from engine.generate.text import TextEncoder
from engine.train.generator import GeneratorTrainConfig, reader_targets_for, train_reader

ap = argparse.ArgumentParser()
ap.add_argument("cache")
ap.add_argument("--token-dropout", type=float, default=0.0)
ap.add_argument("--steps", type=int, default=1500)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--captions", type=int, default=5)
ap.add_argument("--members", type=int, default=1)
ap.add_argument("--max-tokens", type=int, default=24, help="the text encoder's token limit (captions past it are cut)")
args = ap.parse_args()
torch.set_num_threads(2)
started = time.time()
with np.load(args.cache, allow_pickle=False) as z:
    x, meta = z["x"], json.loads(str(z["meta"]))
rng = np.random.default_rng(args.seed)
captions = [[write_caption(c, a, rng) for _ in range(args.captions)] for c, a in zip(meta["categories"], meta["attributes"])]
flat = sorted({c for cs in captions for c in cs})
index = {c: i for i, c in enumerate(flat)}
caption_ids = torch.tensor([[index[c] for c in cs] for cs in captions])
encoder = TextEncoder("cpu", max_tokens=args.max_tokens)
tokens, mask, _ = encoder.encode(flat)
tokens = tokens.half()
print(f"{len(x)} shapes, {len(flat)} captions, {time.time() - started:.0f} s", flush=True)
config = GeneratorTrainConfig(reader_steps=args.steps, reader_token_dropout=args.token_dropout, seed=args.seed)
torch.manual_seed(args.seed)
reader = make_reader(ReaderConfig(slots=x.shape[1]), args.members)
members = list(reader.members) if args.members > 1 else [reader]
targets = reader_targets_for(x, meta["categories"], meta["attributes"])
gen = torch.Generator().manual_seed(args.seed * 1000)
for member in members:
    train_reader(member, tokens, mask, caption_ids, targets, config, gen, torch.device("cpu"), 1, 0,
                 lambda m: print(m, flush=True) if "99 " in m or " 0 " in m else None, started)
reader.eval()


def count(name, net, prompts, show):
    tok, msk, _ = encoder.encode([p for p, _ in prompts])
    readings = read_prompt(net, tok, msk)
    right = [reader_agrees(r, e) for r, (_, e) in zip(readings, prompts)]
    print(f"{name}: {sum(right)}/{len(prompts)} read right", flush=True)
    for ok, r, (p, e) in zip(right, readings, prompts):
        if show and not ok:
            print(f"   misread {p!r}: {[(k, r.get(PHRASE_KEYS[k])) for k in e]} category {r['category']}")


for set_name, prompts in PROMPT_SETS.items():
    if args.members > 1:
        for i, member in enumerate(members):
            count(f"{set_name}, reader {i}", member, prompts, False)
    count(f"{set_name}" + (", all readers" if args.members > 1 else ""), reader, prompts, True)
print(f"{time.time() - started:.0f} s")
